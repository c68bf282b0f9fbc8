import { randomBytes } from 'node:crypto';
import { HubError } from '@hub/contracts';
import {
  agencyConsumerGroupPrefix,
  agencyInboundTopic,
  agencyOutboundTopic,
  agencyOutcomesTopic,
  KafkaAccessError,
  SCRAM_ITERATIONS,
  type AgencyKafkaAccess,
} from '@hub/messaging';
import type { EntityManager } from 'typeorm';
import { AGENCY_ADMINISTRATION, type AuditSink } from '../../audit/index.js';

/** An agency's Kafka credentials: shown once, in the answer that made them; the hub keeps no copy. */
export interface KafkaCredentials {
  readonly mechanism: 'SCRAM-SHA-512';
  readonly username: string;
  readonly password: string;
  readonly inboundTopic: string;
  readonly consumerGroupPrefix: string;
  /** Whether the agency may publish over Kafka; then it writes `outboundTopic` and reads the hub's answers on `outcomesTopic`. */
  readonly kafkaPublishing: boolean;
  readonly outboundTopic?: string;
  readonly outcomesTopic?: string;
}

/** Kafka could not apply an agency's access change; nothing was changed in the hub either. */
export class KafkaAccessUnavailableError extends HubError {
  constructor(cause: KafkaAccessError | Error) {
    const retriable = cause instanceof KafkaAccessError ? cause.retriable : true;
    super('KAFKA_ACCESS_FAILED', `${cause.message} Nothing was changed; send the same request again once Kafka answers.`, {
      retriable,
      cause,
    });
  }
}

/**
 * Gives the agency a new random SCRAM-SHA-512 password (24 random bytes) and exactly its ACLs,
 * and records `action` in the audit trail in `tx`. Called inside the transaction that changes the
 * agency, before it commits: a Kafka failure rolls the whole change back. `kafkaPublishing` grants
 * (true) or withdraws (false) publishing over Kafka; left out, the agency keeps what it had.
 */
export async function issueKafkaCredentials(
  access: AgencyKafkaAccess,
  audit: AuditSink,
  tx: EntityManager,
  input: { readonly agencyId: string; readonly actor: string; readonly action: string; readonly kafkaPublishing?: boolean },
): Promise<KafkaCredentials> {
  const password = randomBytes(24).toString('base64url');
  const kafkaPublishing = await settleKafkaPublishing(tx, input.agencyId, input.kafkaPublishing);
  await audit.record(
    {
      actor: input.actor,
      action: input.action,
      purpose: AGENCY_ADMINISTRATION,
      detail: {
        agencyId: input.agencyId,
        principal: `User:${input.agencyId}`,
        mechanism: 'SCRAM-SHA-512',
        iterations: SCRAM_ITERATIONS,
        kafkaPublishing,
      },
    },
    tx,
  );
  await applying(() => access.grant({ agencyId: input.agencyId, outbound: kafkaPublishing }, password));
  return {
    mechanism: 'SCRAM-SHA-512',
    username: input.agencyId,
    password,
    inboundTopic: agencyInboundTopic(input.agencyId),
    consumerGroupPrefix: agencyConsumerGroupPrefix(input.agencyId),
    kafkaPublishing,
    ...(kafkaPublishing ? { outboundTopic: agencyOutboundTopic(input.agencyId), outcomesTopic: agencyOutcomesTopic(input.agencyId) } : {}),
  };
}

/** Stores `wanted` as the agency's Kafka publishing grant when given; answers the grant now in force. */
async function settleKafkaPublishing(tx: EntityManager, agencyId: string, wanted: boolean | undefined): Promise<boolean> {
  const rows =
    wanted === undefined
      ? await tx.query<{ publishing: boolean }[]>('SELECT kafka_publishing AS publishing FROM agencies WHERE id = $1', [agencyId])
      : await tx.query<{ publishing: boolean }[]>(
          `WITH changed AS (UPDATE agencies SET kafka_publishing = $2 WHERE id = $1 RETURNING kafka_publishing)
           SELECT kafka_publishing AS publishing FROM changed`,
          [agencyId, wanted],
        );
  return rows[0]?.publishing ?? false;
}

/** Deletes the agency's credential and ACLs, recorded as `kafka-credentials.revoked` in `tx`. */
export async function revokeKafkaCredentials(
  access: AgencyKafkaAccess,
  audit: AuditSink,
  tx: EntityManager,
  input: { readonly agencyId: string; readonly actor: string; readonly reason: string },
): Promise<void> {
  await audit.record(
    {
      actor: input.actor,
      action: 'kafka-credentials.revoked',
      purpose: AGENCY_ADMINISTRATION,
      detail: { agencyId: input.agencyId, principal: `User:${input.agencyId}`, reason: input.reason },
    },
    tx,
  );
  await applying(() => access.revoke(input.agencyId));
}

async function applying(change: () => Promise<void>): Promise<void> {
  try {
    await change();
  } catch (error) {
    throw new KafkaAccessUnavailableError(error instanceof Error ? error : new Error(String(error)));
  }
}
