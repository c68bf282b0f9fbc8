import { Inject, Injectable } from '@nestjs/common';
import type { AgencyKafkaAccess } from '@hub/messaging';
import { DataSource } from 'typeorm';
import { AdminConflictError } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { lockAgency } from '../agency-registry.repository.js';
import { AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { AGENCY_KAFKA_ACCESS } from './kafka-access.providers.js';
import { issueKafkaCredentials, type KafkaCredentials } from './kafka-credentials.js';

/**
 * Replaces an active agency's Kafka password (audited as `kafka-credentials.rotated`). Its ACLs and
 * consumer-group offsets stay, so a consumer that reconnects with the new password resumes where it
 * was; the old password stops working for new logins at once and for open connections at their next
 * re-authentication (within the brokers' `connections.max.reauth.ms`). With `kafkaPublishing` it also
 * grants (outbound WRITE, outcomes READ, both topics created) or withdraws publishing over Kafka.
 */
@Injectable()
export class RotateKafkaCredentialsHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(AGENCY_KAFKA_ACCESS) private readonly access: AgencyKafkaAccess,
  ) {}

  async execute(agencyId: string, actor: string, change: { readonly kafkaPublishing?: boolean } = {}): Promise<KafkaCredentials> {
    return this.dataSource.transaction(async (tx) => {
      const agency = await lockAgency(tx, agencyId);
      if (!agency) throw agencyNotFound(agencyId);
      if (agency.status !== 'active') {
        throw new AdminConflictError(`Agency ${agencyId} is ${agency.status}: it gets Kafka credentials again only once reactivated.`);
      }
      return issueKafkaCredentials(this.access, this.audit, tx, {
        agencyId,
        actor,
        action: 'kafka-credentials.rotated',
        ...(change.kafkaPublishing === undefined ? {} : { kafkaPublishing: change.kafkaPublishing }),
      });
    });
  }
}
