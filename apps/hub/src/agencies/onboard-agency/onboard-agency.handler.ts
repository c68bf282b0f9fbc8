import { Inject, Injectable } from '@nestjs/common';
import type { AgencyKafkaAccess } from '@hub/messaging';
import type { ValidationIssue } from '@hub/contracts';
import { DataSource } from 'typeorm';
import { agencyIdOf, PROVINCIAL_KINDS, type Agency } from '../agency.js';
import { AdminConflictError, AdminInputInvalidError } from '../../kernel/index.js';
import { AgencyRegistry } from '../agency-registry.js';
import { insertAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { AGENCY_KAFKA_ACCESS } from '../kafka-access/kafka-access.providers.js';
import { issueKafkaCredentials, type KafkaCredentials } from '../kafka-access/kafka-credentials.js';
import type { OnboardAgencyDto } from './onboard-agency.dto.js';

/** A newly onboarded agency, with its Kafka credentials (shown in this answer only). */
export interface OnboardedAgency extends Agency {
  readonly kafka: KafkaCredentials;
}

/**
 * Registers a new agency (active, with no keys yet), audited as `agency.onboarded`, and gives it its
 * Kafka principal: a SCRAM-SHA-512 credential and exactly its ACLs (`kafka-credentials.created`).
 * Kafka is changed inside the transaction, before it commits: if Kafka refuses or is unreachable the
 * agency is not registered (503, retriable); if the commit fails after Kafka accepted, the
 * credential is deleted again.
 */
@Injectable()
export class OnboardAgencyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(AGENCY_KAFKA_ACCESS) private readonly access: AgencyKafkaAccess,
  ) {}

  async execute(input: OnboardAgencyDto, actor: string): Promise<OnboardedAgency> {
    const region = input.region ?? null;
    checkIdentity(input.id, input.kind, region);
    let kafkaChanged = false;
    const agency = await this.dataSource
      .transaction(async (tx) => {
        const inserted = await insertAgency(tx, {
          id: input.id,
          kind: input.kind,
          region,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          contact: input.contact,
        });
        if (!inserted)
          throw new AdminConflictError(`Agency ${input.id} is already registered. GET /v1/admin/agencies/${input.id} shows it.`);
        await this.audit.record(
          {
            actor,
            action: 'agency.onboarded',
            purpose: AGENCY_ADMINISTRATION,
            detail: { agencyId: inserted.id, kind: inserted.kind, region },
          },
          tx,
        );
        kafkaChanged = true;
        const kafka = await issueKafkaCredentials(this.access, this.audit, tx, {
          agencyId: inserted.id,
          actor,
          action: 'kafka-credentials.created',
          kafkaPublishing: input.kafkaPublishing ?? false,
        });
        return { ...inserted, kafka };
      })
      .catch(async (error: unknown) => {
        // Kafka accepted but the agency was not committed: take the credential back.
        if (kafkaChanged) await this.access.revoke(input.id).catch(() => undefined);
        throw error;
      });
    await this.registry.refresh();
    return agency;
  }
}

function checkIdentity(id: string, kind: OnboardAgencyDto['kind'], region: string | null): void {
  const issues: ValidationIssue[] = [];
  const provincial = PROVINCIAL_KINDS.includes(kind);
  if (provincial && region === null) {
    issues.push({ path: 'region', rule: 'isDefined', message: `region is required for a ${kind}: its GB/T 2260 province code` });
  } else if (!provincial && region !== null) {
    issues.push({ path: 'region', rule: 'isNull', message: `region must be null for ${kind}, a national agency` });
  } else if (agencyIdOf(kind, region) !== id) {
    issues.push({
      path: 'id',
      rule: 'matchesKindAndRegion',
      message: `id must be ${agencyIdOf(kind, region) ?? `${kind}-<province code>`} for kind ${kind}${region ? ` and region ${region}` : ''}`,
    });
  }
  if (issues.length > 0) throw new AdminInputInvalidError(issues);
}
