import { Inject, Injectable } from '@nestjs/common';
import type { AgencyKafkaAccess } from '@hub/messaging';
import { DataSource } from 'typeorm';
import type { Agency } from '../agency.js';
import { agencyNotFound } from '../agencies.errors.js';
import { nextAgencyStatus } from '../agency-lifecycle.js';
import { AgencyRegistry } from '../agency-registry.js';
import { findAgency, lockAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { AGENCY_KAFKA_ACCESS } from './kafka-access.providers.js';
import { revokeKafkaCredentials } from './kafka-credentials.js';

/**
 * Suspends an agency (audited as `agency.suspended`): its API keys and certificates stop working
 * (the registry refuses a suspended agency) and its Kafka credential and ACLs are deleted in the same
 * step, so it can neither log in to Kafka again nor keep reading on a connection already open past
 * the brokers' re-authentication interval. If Kafka cannot be reached nothing changes and the
 * answer says so (503): the agency is never half suspended.
 */
@Injectable()
export class SuspendAgencyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(AGENCY_KAFKA_ACCESS) private readonly access: AgencyKafkaAccess,
  ) {}

  async execute(agencyId: string, reason: string, actor: string): Promise<Agency> {
    const suspended = await this.dataSource.transaction(async (tx) => {
      const agency = await lockAgency(tx, agencyId);
      if (!agency) throw agencyNotFound(agencyId);
      const status = nextAgencyStatus(agencyId, agency.status, 'suspend');
      await tx.query(`UPDATE agencies SET status = $2, updated_at = now() WHERE id = $1`, [agencyId, status]);
      await this.audit.record({ actor, action: 'agency.suspended', purpose: AGENCY_ADMINISTRATION, detail: { agencyId, reason } }, tx);
      await revokeKafkaCredentials(this.access, this.audit, tx, { agencyId, actor, reason: 'agency suspended' });
      return findAgency(tx, agencyId);
    });
    await this.registry.refresh();
    if (!suspended) throw agencyNotFound(agencyId);
    return suspended;
  }
}
