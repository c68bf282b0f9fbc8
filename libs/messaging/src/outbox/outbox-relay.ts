import { KAFKA_HEADERS } from '@hub/contracts';
import type { LoggerService } from '@nestjs/common';
import { listenWithReconnect, type Listener } from '@hub/persistence';
import type { Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL } from './append-to-outbox.js';

/** Tuning for the relay. */
export interface OutboxRelaySettings {
  /** Postgres URL for the LISTEN connection (the pool's connections are not kept). */
  readonly databaseUrl: string;
  readonly batchSize: number;
  /** Safety-net poll when no notification arrives (a lost LISTEN connection, another writer). */
  readonly pollIntervalMs: number;
  /** Longest pause between attempts while Kafka is unreachable. */
  readonly maxBackoffMs: number;
  /**
   * How long to let records gather after a wake-up before sending (like Kafka's linger.ms): under
   * a stream of small commits, a few milliseconds turn many tiny batches into a few larger ones.
   */
  readonly lingerMs: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/** One relay at a time holds this lock, so per-key order survives several hub replicas. */
const RELAY_LOCK_KEY = 727_001;

/**
 * Moves outbox rows to Kafka: in one transaction it locks the oldest rows, sends them with the
 * idempotent producer (acks=all) and deletes them; a failed send rolls back and is tried again
 * with backoff, so a Kafka outage delays events but never loses them. Woken by LISTEN/NOTIFY on
 * commit, with a slow poll as a safety net.
 */
export class OutboxRelay {
  private listener: Listener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private lingering: NodeJS.Timeout | undefined;
  private wakeRequested = false;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly settings: OutboxRelaySettings,
    private readonly logger: LoggerService,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.schedulePoll(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.lingering);
    await this.draining;
    await this.listener?.stop();
    this.listener = undefined;
  }

  /** Asks for a drain after the linger time; coalesces with one already pending or running. */
  wake(): void {
    if (this.stopped) return;
    this.wakeRequested = true;
    if (this.draining || this.lingering) return;
    this.lingering = setTimeout(() => {
      this.lingering = undefined;
      this.draining ??= this.drain().finally(() => {
        this.draining = undefined;
      });
    }, this.settings.lingerMs);
  }

  private async drain(): Promise<void> {
    while (this.wakeRequested && !this.stopped) {
      this.wakeRequested = false;
      let sent: number;
      try {
        sent = await this.relayBatch();
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        const delay = Math.min(this.settings.maxBackoffMs, 200 * 2 ** Math.min(this.failures, 10));
        this.logger.warn({ message: 'outbox relay could not publish; will retry', retryInMs: delay, error: String(error) });
        this.schedulePoll(delay);
        return;
      }
      if (sent === this.settings.batchSize) this.wakeRequested = true;
    }
    this.schedulePoll(this.settings.pollIntervalMs);
  }

  /**
   * Publishes one batch; returns how many records it sent (0 when another relay holds the lock).
   * The rows are deleted and returned in one statement, inside a transaction that commits only after
   * the broker acknowledged them: three round trips to PostgreSQL per batch.
   */
  private async relayBatch(): Promise<number> {
    let claimed: string[] = [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        const started = performance.now();
        const rows = await this.claimBatch(manager);
        if (rows.length === 0) return 0;
        claimed = rows.map((row) => row.id);
        await this.producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows) });
        claimed = [];
        this.logger.log({
          message: 'outbox relayed',
          count: rows.length,
          durationMs: Math.round(performance.now() - started),
          correlationIds: summarize(rows),
        });
        return rows.length;
      });
    } catch (error) {
      if (claimed.length > 0) await this.recordFailure(claimed, error);
      throw error;
    }
  }

  /** Deletes and returns the oldest unlocked rows, oldest first, if this relay holds the relay lock. */
  private async claimBatch(manager: EntityManager): Promise<OutboxRow[]> {
    const rows = await manager.query<OutboxRow[]>(
      `WITH relay_lock AS (SELECT pg_try_advisory_xact_lock($1) AS held),
       claimed AS (
         DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox, relay_lock WHERE relay_lock.held ORDER BY id LIMIT $2 FOR UPDATE OF outbox SKIP LOCKED
         )
         RETURNING id, topic, message_key, payload, headers
       )
       SELECT * FROM claimed`,
      [RELAY_LOCK_KEY, this.settings.batchSize],
    );
    return rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
  }

  private async recordFailure(ids: string[], error: unknown): Promise<void> {
    await this.dataSource
      .query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])', [ids, String(error).slice(0, 1000)])
      .catch(() => undefined);
  }

  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), delayMs);
  }

  private async listen(): Promise<void> {
    this.listener = await listenWithReconnect({
      databaseUrl: this.settings.databaseUrl,
      channel: OUTBOX_CHANNEL,
      applicationName: 'hub-outbox-relay-listen',
      onNotification: () => this.wake(),
      meanwhile: 'polling',
      reconnectDelayMs: 1_000,
      logger: this.logger,
    });
  }
}

function groupByTopic(
  rows: readonly OutboxRow[],
): { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }[] {
  const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: row.payload, headers: row.headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Every correlation id of a batch, so a single event can be followed through the relay's log. */
function summarize(rows: readonly OutboxRow[]): string[] {
  return rows.map((row) => row.headers[KAFKA_HEADERS.correlationId] ?? '?');
}
