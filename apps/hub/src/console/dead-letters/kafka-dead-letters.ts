import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { appendAudit } from '@hub/audit';
import { isUuid } from '@hub/contracts';
import { createKafka, createRecordProducer, type KafkaProducer } from '@hub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { HubConfig } from '../../config/hub-config.js';
import { CONSOLE_ADMINISTRATION } from '../operators/console-operator.js';

/** The audit actions of the console's redrive and discard of a parked Kafka record. */
export const KAFKA_DEAD_LETTER_ACTIONS = {
  redriven: 'kafka-dead-letter.redriven',
  discarded: 'kafka-dead-letter.discarded',
} as const;

interface ParkedRecord {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string>;
  error_code: string;
}

/**
 * Redrive and discard of records a hub consumer parked in `dead_letters` (the dispatcher's, whose
 * source is the dispatch stream). A redrive sends the record as it was read (key, value, headers) to
 * its source topic and partition, where its consumer reads it again as any record: one that now
 * applies goes on, one that fails again is parked again as a new dead letter with the new reason.
 * A discard keeps the record and marks why. Either way the row is marked (what, when, by whom) in the
 * transaction that appends its audit leaf, and leaves the lists. The send comes before the commit:
 * a commit that fails after it leaves a copy on the topic, which the consumers already keep once
 * (by event id and subscription); a row already marked or being marked is refused.
 */
@Injectable()
export class KafkaDeadLetters implements OnApplicationShutdown {
  private readonly logger = new Logger('ConsoleKafkaDeadLetters');
  private producer: Promise<KafkaProducer> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  /** Sends the parked record `kafka-<n>` again to its source topic; returns where it was written. */
  async redrive(id: string, actor: string): Promise<{ topic: string; partition: number; offset: string }> {
    return this.dataSource.transaction(async (tx) => {
      const row = await parked(tx, id);
      const producer = await this.connectedProducer();
      const [written] = await producer.send({
        topic: row.topic,
        acks: -1,
        messages: [{ partition: row.partition, key: row.message_key, value: row.payload, headers: row.headers }],
      });
      const offset = written?.baseOffset ?? '';
      await mark(tx, row.id, 'redriven', actor, null);
      await appendAudit(tx, [auditOf(KAFKA_DEAD_LETTER_ACTIONS.redriven, actor, row, { redrivenOffset: offset, reason: null })]);
      return { topic: row.topic, partition: row.partition, offset };
    });
  }

  /** Marks the parked record `kafka-<n>` discarded, with why. */
  async discard(id: string, reason: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const row = await parked(tx, id);
      await mark(tx, row.id, 'discarded', actor, reason);
      await appendAudit(tx, [auditOf(KAFKA_DEAD_LETTER_ACTIONS.discarded, actor, row, { redrivenOffset: null, reason })]);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }

  private connectedProducer(): Promise<KafkaProducer> {
    this.producer ??= (async () => {
      const kafka = createKafka(
        { brokers: this.config.KAFKA_BROKERS, clientId: 'hub-console', security: this.config.kafkaSecurity() },
        this.logger,
      );
      const producer = createRecordProducer(kafka);
      await producer.connect();
      return producer;
    })();
    // A failed connection is tried again by the next redrive rather than kept.
    this.producer.catch(() => (this.producer = undefined));
    return this.producer;
  }
}

/** The unmarked parked record `kafka-<n>`, locked; throws (with what to do) when there is none. */
async function parked(tx: EntityManager, id: string): Promise<ParkedRecord> {
  const number = /^kafka-(\d{1,18})$/.exec(id)?.[1];
  if (number === undefined) throw new Error(`${id} is not a parked Kafka record id (kafka-<n>)`);
  const [row] = await tx.query<ParkedRecord[]>(
    `SELECT id::text, topic, partition, "offset"::text AS "offset", message_key, payload, headers, error_code
       FROM dead_letters WHERE id = $1 AND resolved_at IS NULL FOR UPDATE SKIP LOCKED`,
    [number],
  );
  if (!row) throw new Error(`${id} is no longer parked (already redriven or discarded, or being acted on); search the dead letters again`);
  return row;
}

async function mark(
  tx: EntityManager,
  id: string,
  resolution: 'redriven' | 'discarded',
  actor: string,
  reason: string | null,
): Promise<void> {
  await tx.query(`UPDATE dead_letters SET resolution = $2, resolved_at = now(), resolved_by = $3, resolution_reason = $4 WHERE id = $1`, [
    id,
    resolution,
    actor,
    reason,
  ]);
}

function auditOf(
  action: string,
  actor: string,
  row: ParkedRecord,
  extra: { redrivenOffset: string | null; reason: string | null },
): Parameters<typeof appendAudit>[1][number] {
  const eventId = row.headers['ce_id'];
  return {
    actor,
    action,
    purpose: CONSOLE_ADMINISTRATION,
    eventId: eventId !== undefined && isUuid(eventId) ? eventId : null,
    detail: {
      deadLetterId: `kafka-${row.id}`,
      topic: row.topic,
      partition: row.partition,
      offset: row.offset,
      errorCode: row.error_code,
      ...(extra.redrivenOffset === null ? {} : { redrivenOffset: extra.redrivenOffset }),
      ...(extra.reason === null ? {} : { reason: extra.reason }),
    },
  };
}
