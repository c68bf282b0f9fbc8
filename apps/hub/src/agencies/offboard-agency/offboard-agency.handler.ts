import { Inject, Injectable } from '@nestjs/common';
import { discardPendingDeliveriesOf } from '@hub/delivery';
import type { AgencyKafkaAccess } from '@hub/messaging';
import { DataSource } from 'typeorm';
import { ClientCertificateRegistry } from '../../tls/index.js';
import type { Agency } from '../agency.js';
import { agencyNotFound } from '../agencies.errors.js';
import { nextAgencyStatus } from '../agency-lifecycle.js';
import { AgencyRegistry } from '../agency-registry.js';
import { findAgency, lockAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { AGENCY_KAFKA_ACCESS } from '../kafka-access/kafka-access.providers.js';
import { revokeKafkaCredentials } from '../kafka-access/kafka-credentials.js';
import { withdrawAccess, type WithdrawnAccess } from './offboard-agency.repository.js';

export interface OffboardedAgency extends Agency {
  readonly withdrawn: WithdrawnAccess & { readonly webhookDeliveriesDiscarded: number };
}

/**
 * Offboards an agency for good (audited as `agency.offboarded` with the reason): its Kafka
 * credential and ACLs are deleted, its API keys and client certificates revoked, its active signing
 * keys retired (they sign nothing new; their public keys still verify the events it published), its
 * subscriptions ended and its pending webhook deliveries discarded, so nothing more reaches it. All
 * in one transaction: if Kafka cannot be reached nothing changes (503). A second call answers 409.
 */
@Injectable()
export class OffboardAgencyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    private readonly certificates: ClientCertificateRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(AGENCY_KAFKA_ACCESS) private readonly access: AgencyKafkaAccess,
  ) {}

  async execute(agencyId: string, reason: string, actor: string): Promise<OffboardedAgency> {
    const offboarded = await this.dataSource.transaction(async (tx) => {
      const agency = await lockAgency(tx, agencyId);
      if (!agency) throw agencyNotFound(agencyId);
      const status = nextAgencyStatus(agencyId, agency.status, 'offboard');
      await tx.query(`UPDATE agencies SET status = $2, updated_at = now() WHERE id = $1`, [agencyId, status]);
      const withdrawn = await withdrawAccess(tx, agencyId, `agency offboarded: ${reason}`.slice(0, 500));
      const webhookDeliveriesDiscarded = await discardPendingDeliveriesOf(tx, agencyId, 'agency offboarded');
      const detail = { agencyId, reason, previousStatus: agency.status, ...withdrawn, webhookDeliveriesDiscarded };
      await this.audit.record({ actor, action: 'agency.offboarded', purpose: AGENCY_ADMINISTRATION, detail }, tx);
      // Deleting an absent credential is harmless: a suspended agency has none left.
      await revokeKafkaCredentials(this.access, this.audit, tx, { agencyId, actor, reason: 'agency offboarded' });
      const row = await findAgency(tx, agencyId);
      return row && { ...row, withdrawn: { ...withdrawn, webhookDeliveriesDiscarded } };
    });
    await Promise.all([this.registry.refresh(), this.certificates.refresh()]);
    if (!offboarded) throw agencyNotFound(agencyId);
    return offboarded;
  }
}
