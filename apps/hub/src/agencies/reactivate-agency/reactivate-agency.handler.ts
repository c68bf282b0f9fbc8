import { Inject, Injectable } from '@nestjs/common';
import type { AgencyKafkaAccess } from '@hub/messaging';
import { DataSource } from 'typeorm';
import type { Agency } from '../agency.js';
import { agencyNotFound } from '../agencies.errors.js';
import { nextAgencyStatus } from '../agency-lifecycle.js';
import { AgencyRegistry } from '../agency-registry.js';
import { findAgency, lockAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { AGENCY_KAFKA_ACCESS } from '../kafka-access/kafka-access.providers.js';
import { issueKafkaCredentials, type KafkaCredentials } from '../kafka-access/kafka-credentials.js';

export interface ReactivatedAgency extends Agency {
  /** A new Kafka password, shown only in this answer; the one from before the suspension stays refused. */
  readonly kafka: KafkaCredentials;
}

/**
 * Makes a suspended agency active again (audited as `agency.reactivated`): its API keys and
 * certificates that were not revoked work again, and it gets a new Kafka password and its ACLs back
 * (`kafka-credentials.created`); its consumer groups resume at their committed offsets. An offboarded
 * agency is never reactivated (409). If Kafka cannot be reached nothing changes (503).
 */
@Injectable()
export class ReactivateAgencyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(AGENCY_KAFKA_ACCESS) private readonly access: AgencyKafkaAccess,
  ) {}

  async execute(agencyId: string, reason: string, actor: string): Promise<ReactivatedAgency> {
    const reactivated = await this.dataSource.transaction(async (tx) => {
      const agency = await lockAgency(tx, agencyId);
      if (!agency) throw agencyNotFound(agencyId);
      const status = nextAgencyStatus(agencyId, agency.status, 'reactivate');
      await tx.query(`UPDATE agencies SET status = $2, updated_at = now() WHERE id = $1`, [agencyId, status]);
      await this.audit.record({ actor, action: 'agency.reactivated', purpose: AGENCY_ADMINISTRATION, detail: { agencyId, reason } }, tx);
      const kafka = await issueKafkaCredentials(this.access, this.audit, tx, { agencyId, actor, action: 'kafka-credentials.created' });
      const row = await findAgency(tx, agencyId);
      return row && { ...row, kafka };
    });
    await this.registry.refresh();
    if (!reactivated) throw agencyNotFound(agencyId);
    return reactivated;
  }
}
