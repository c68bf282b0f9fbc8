import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { Agency, ApiKeySummary, SigningKey } from './agency.js';
import { AdminActor, AdminTokenGuard, EmptyBody } from '../kernel/index.js';
import { CreateApiKeyDto } from './api-keys/api-keys.dto.js';
import { CreateApiKeyHandler, type CreatedApiKey } from './api-keys/create-api-key.handler.js';
import { RevokeApiKeyHandler } from './api-keys/revoke-api-key.handler.js';
import { OffboardAgencyDto } from './offboard-agency/offboard-agency.dto.js';
import { OffboardAgencyHandler, type OffboardedAgency } from './offboard-agency/offboard-agency.handler.js';
import { OnboardAgencyDto } from './onboard-agency/onboard-agency.dto.js';
import { ReactivateAgencyDto } from './reactivate-agency/reactivate-agency.dto.js';
import { ReactivateAgencyHandler, type ReactivatedAgency } from './reactivate-agency/reactivate-agency.handler.js';
import { RotateKafkaCredentialsHandler } from './kafka-access/rotate-kafka-credentials.handler.js';
import { SuspendAgencyHandler } from './kafka-access/suspend-agency.handler.js';
import type { KafkaCredentials } from './kafka-access/kafka-credentials.js';
import { RotateKafkaCredentialsDto } from './kafka-access/kafka-credentials.dto.js';
import { OnboardAgencyHandler, type OnboardedAgency } from './onboard-agency/onboard-agency.handler.js';
import { ShowAgenciesHandler, type AgencyDetails } from './show-agencies.handler.js';
import { AddSigningKeyHandler } from './signing-keys/add-signing-key.handler.js';
import { ChangeSigningKeyHandler } from './signing-keys/change-signing-key.handler.js';
import { AddSigningKeyDto, RevokeSigningKeyDto } from './signing-keys/signing-keys.dto.js';

/**
 * The agency registry's admin API, behind the admin token. Every change is audited through the
 * AuditSink in the transaction that makes it. Bodies are JSON, read and checked into their DTO by
 * the global ValidationPipe (`{}` where nothing is needed, checked by EmptyBody).
 */
@Controller('v1/admin/agencies')
@UseGuards(AdminTokenGuard)
export class AdminAgenciesController {
  constructor(
    private readonly show: ShowAgenciesHandler,
    private readonly onboardAgency: OnboardAgencyHandler,
    private readonly addSigningKey: AddSigningKeyHandler,
    private readonly changeSigningKey: ChangeSigningKeyHandler,
    private readonly createApiKey: CreateApiKeyHandler,
    private readonly revokeApiKey: RevokeApiKeyHandler,
    private readonly rotateKafkaCredentials: RotateKafkaCredentialsHandler,
    private readonly suspendAgency: SuspendAgencyHandler,
    private readonly reactivateAgency: ReactivateAgencyHandler,
    private readonly offboardAgency: OffboardAgencyHandler,
  ) {}

  @Post()
  @HttpCode(201)
  onboard(@Body() body: OnboardAgencyDto, @AdminActor() actor: string): Promise<OnboardedAgency> {
    return this.onboardAgency.execute(body, actor);
  }

  @Get()
  list(): Promise<{ agencies: Agency[] }> {
    return this.show.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<AgencyDetails> {
    return this.show.show(id);
  }

  @Post(':id/signing-keys')
  @HttpCode(201)
  addKey(@Param('id') id: string, @Body() body: AddSigningKeyDto, @AdminActor() actor: string): Promise<SigningKey> {
    return this.addSigningKey.execute(id, body, actor);
  }

  @Post(':id/signing-keys/:keyId/retire')
  @HttpCode(200)
  retireKey(
    @Param('id') id: string,
    @Param('keyId') keyId: string,
    @Body(EmptyBody) _body: Record<string, never>,
    @AdminActor() actor: string,
  ): Promise<SigningKey> {
    return this.changeSigningKey.retire(id, keyId, actor);
  }

  @Post(':id/signing-keys/:keyId/revoke')
  @HttpCode(200)
  revokeKey(
    @Param('id') id: string,
    @Param('keyId') keyId: string,
    @Body() body: RevokeSigningKeyDto,
    @AdminActor() actor: string,
  ): Promise<SigningKey> {
    return this.changeSigningKey.revoke(id, keyId, body.reason, actor);
  }

  @Post(':id/api-keys')
  @HttpCode(201)
  createKey(@Param('id') id: string, @Body() body: CreateApiKeyDto, @AdminActor() actor: string): Promise<CreatedApiKey> {
    return this.createApiKey.execute(id, body, actor);
  }

  /** A new Kafka password for the agency (shown once); the old one stops working. `kafkaPublishing` grants or withdraws publishing over Kafka. */
  @Post(':id/kafka-credentials')
  @HttpCode(201)
  rotateKafka(@Param('id') id: string, @Body() body: RotateKafkaCredentialsDto, @AdminActor() actor: string): Promise<KafkaCredentials> {
    return this.rotateKafkaCredentials.execute(id, actor, body);
  }

  /** Suspends the agency: API keys, certificates and Kafka access stop at once. */
  @Post(':id/suspend')
  @HttpCode(200)
  suspend(@Param('id') id: string, @Body() body: RevokeSigningKeyDto, @AdminActor() actor: string): Promise<Agency> {
    return this.suspendAgency.execute(id, body.reason, actor);
  }

  /** Makes a suspended agency active again, with a new Kafka password (shown once); 409 once offboarded. */
  @Post(':id/reactivate')
  @HttpCode(200)
  reactivate(@Param('id') id: string, @Body() body: ReactivateAgencyDto, @AdminActor() actor: string): Promise<ReactivatedAgency> {
    return this.reactivateAgency.execute(id, body.reason, actor);
  }

  /** Offboards the agency for good: every credential withdrawn, its subscriptions ended; 409 the second time. */
  @Post(':id/offboard')
  @HttpCode(200)
  offboard(@Param('id') id: string, @Body() body: OffboardAgencyDto, @AdminActor() actor: string): Promise<OffboardedAgency> {
    return this.offboardAgency.execute(id, body.reason, actor);
  }

  @Post(':id/api-keys/:prefix/revoke')
  @HttpCode(200)
  revokeKeyByPrefix(
    @Param('id') id: string,
    @Param('prefix') prefix: string,
    @Body(EmptyBody) _body: Record<string, never>,
    @AdminActor() actor: string,
  ): Promise<ApiKeySummary> {
    return this.revokeApiKey.execute(id, prefix, actor);
  }
}
