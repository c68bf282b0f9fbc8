import { Module } from '@nestjs/common';
import { AdminAgenciesController } from './admin-agencies.controller.js';
import { AdminToken, AdminTokenGuard } from './admin-token.guard.js';
import { AgencyRegistry } from './agency-registry.js';
import { CreateApiKeyHandler } from './api-keys/create-api-key.handler.js';
import { RevokeApiKeyHandler } from './api-keys/revoke-api-key.handler.js';
import { AuditTrailSink } from '../audit/audit-trail.sink.js';
import { AUDIT_SINK } from './audit-sink.js';
import { AgencyAuthenticator } from '../tls/agency-authenticator.js';
import { CERTIFICATE_CONTROLLERS, CERTIFICATE_PROVIDERS } from './certificates/certificates.providers.js';
import { KAFKA_ACCESS_PROVIDERS } from './kafka-access/kafka-access.providers.js';
import { RotateKafkaCredentialsHandler } from './kafka-access/rotate-kafka-credentials.handler.js';
import { SuspendAgencyHandler } from './kafka-access/suspend-agency.handler.js';
import { OffboardAgencyHandler } from './offboard-agency/offboard-agency.handler.js';
import { OnboardAgencyHandler } from './onboard-agency/onboard-agency.handler.js';
import { ReactivateAgencyHandler } from './reactivate-agency/reactivate-agency.handler.js';
import { ShowAgenciesHandler } from './show-agencies.handler.js';
import { AddSigningKeyHandler } from './signing-keys/add-signing-key.handler.js';
import { ChangeSigningKeyHandler } from './signing-keys/change-signing-key.handler.js';

/**
 * Agency identity: the registry (agencies, signing keys, API keys) every process answers from
 * memory, and its admin API. Every admin action is recorded in the audit trail (AUDIT_SINK).
 */
@Module({
  controllers: [AdminAgenciesController, ...CERTIFICATE_CONTROLLERS],
  providers: [
    AgencyRegistry,
    AdminToken,
    AdminTokenGuard,
    ShowAgenciesHandler,
    OnboardAgencyHandler,
    AddSigningKeyHandler,
    ChangeSigningKeyHandler,
    CreateApiKeyHandler,
    RevokeApiKeyHandler,
    RotateKafkaCredentialsHandler,
    SuspendAgencyHandler,
    ReactivateAgencyHandler,
    OffboardAgencyHandler,
    ...KAFKA_ACCESS_PROVIDERS,
    ...CERTIFICATE_PROVIDERS,
    { provide: AUDIT_SINK, useClass: AuditTrailSink },
  ],
  exports: [AgencyRegistry, AgencyAuthenticator, AdminToken, AdminTokenGuard, AUDIT_SINK],
})
export class AgenciesModule {}
