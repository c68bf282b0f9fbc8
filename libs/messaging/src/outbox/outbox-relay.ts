import { KAFKA_HEADERS } from '@hub/contracts';
import type { LoggerService } from '@nestjs/common';
import { listenWithReconnect, type Listener } from '@hub/persistence';
import type { Producer } from 'kafkajs';
import { OUTBOX_CHANNEL } from './append-to-outbox.js';
import { PartitionLease } from './partition-lease.js';
import { startHop, tracingOn, type Hop } from '@hub/observability';

/** Tuning for the relay. */
export interface OutboxRelaySettings {
  /** Postgres URL for the relay's own two connections: LISTEN, and the one that holds its partitions. */
  readonly databaseUrl: string;
  readonly batchSize: number;
  /**
   * Safety-net poll when no notification arrives (a lost LISTEN connection, another writer); also
   * how often the relays share out the partitions again.
   */
  readonly pollIntervalMs: number;
  /** Longest pause between attempts while Kafka is unreachable. */
  readonly maxBackoffMs: number;
  /**
   * How long to let records gather after a wake-up before sending (like Kafka's linger.ms): under
   * a stream of small commits, a few milliseconds turn many tiny batches into a few larger ones.
   */
  readonly lingerMs: number;
  /** Told after each send to Kafka, e.g. to count it into the app's metrics; must not throw. */
  readonly onSent?: (report: RelaySendReport) => void;
}

/** One send of the relay: records per topic, how long the broker took, and the error's name if it failed. */
export interface RelaySendReport {
  readonly recordsByTopic: Readonly<Record<string, number>>;
  readonly durationSeconds: number;
  readonly errorType?: string;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/** Shows in pg_stat_activity (and pg_locks, through its pid) for the connection that holds a relay's partitions. */
const LEASE_APPLICATION_NAME = 'hub-outbox-relay';

/** The oldest rows of the partitions this relay holds, oldest first. */
const CLAIM_ROWS = `SELECT id, topic, message_key, payload, headers FROM outbox
   WHERE relay_partition = ANY($1::int[]) ORDER BY id LIMIT $2`;

/**
 * Moves outbox rows to Kafka. The outbox is split into partitions by subject (`relay_partition`),
 * and each relay holds an advisory lock on its share of them over a connection of its own: it reads
 * the oldest rows of its partitions, sends them in one try (acks=all; see createRecordProducer) and deletes
 * them once the broker acknowledged them. A failed send leaves the rows where they are, counts the
 * attempt and is tried again with backoff, so a Kafka outage delays events but never loses them.
 * Only one relay publishes a partition at a time, in id order, so each subject's records keep their
 * order while several relays publish at once; when a relay's connection ends (it stopped or died),
 * its locks go with it and the others take its partitions at their next rebalance. Woken by
 * LISTEN/NOTIFY on commit, with a slow poll as a safety net.
 */
export class OutboxRelay {
  private listener: Listener | undefined;
  private lease: PartitionLease | undefined;
  private balancedAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private lingering: NodeJS.Timeout | undefined;
  private wakeRequested = false;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly producer: Producer,
    private readonly settings: OutboxRelaySettings,
    private readonly logger: LoggerService,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.schedulePoll(0);
  }

  /** Finishes the batch under way, then closes the relay's connections, which lets its partitions go. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.lingering);
    await this.draining;
    await this.listener?.stop();
    this.listener = undefined;
    await this.lease?.close();
    this.lease = undefined;
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
   * Publishes one batch from this relay's partitions; returns how many records it sent. Two round
   * trips to PostgreSQL per batch, and no transaction open while the broker is waited on: the
   * partition locks, not a row lock, keep every other relay off these rows.
   */
  private async relayBatch(): Promise<number> {
    const lease = await this.currentLease();
    if (!lease || lease.partitions.length === 0) return 0;
    const started = performance.now();
    const rows = await lease.query<OutboxRow>(CLAIM_ROWS, [lease.partitions, this.settings.batchSize]);
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.id);
    const sending = process.hrtime.bigint();
    const report = (errorType?: string): void =>
      this.settings.onSent?.({
        recordsByTopic: countByTopic(rows),
        durationSeconds: Number(process.hrtime.bigint() - sending) / 1e9,
        ...(errorType === undefined ? {} : { errorType }),
      });
    // With tracing on, each record goes out under its own send span (a child of the hop that wrote it).
    const hops = tracingOn() ? sendHops(rows) : undefined;
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows, hops) });
      report();
      for (const hop of hops ?? []) hop.end();
    } catch (error) {
      for (const hop of hops ?? []) hop.end(error);
      report(error instanceof Error ? error.name : 'Error');
      await lease
        .query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])', [
          ids,
          String(error).slice(0, 1000),
        ])
        .catch(() => undefined);
      throw error;
    }
    await lease.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
    this.logger.log({
      message: 'outbox relayed',
      count: rows.length,
      partitions: lease.partitions.length,
      durationMs: Math.round(performance.now() - started),
      correlationIds: summarize(rows),
    });
    return rows.length;
  }

  /**
   * The lease, opened again if its connection was lost, and rebalanced once per poll interval (at
   * once on a new lease): that is how a relay takes a stopped or dead relay's partitions and gives
   * some to a relay that joined.
   */
  private async currentLease(): Promise<PartitionLease | undefined> {
    if (!this.lease?.valid) {
      this.lease = await PartitionLease.open(this.settings.databaseUrl, LEASE_APPLICATION_NAME);
      this.balancedAt = Number.NEGATIVE_INFINITY;
    }
    if (this.lease && performance.now() - this.balancedAt >= this.settings.pollIntervalMs) {
      await this.lease.rebalance();
      this.balancedAt = performance.now();
    }
    return this.lease;
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

/** A send span per record, under the traceparent its row carries, in the order of `rows`. */
function sendHops(rows: readonly OutboxRow[]): Hop[] {
  return rows.map((row) =>
    startHop(`send ${row.topic}`, row.headers[KAFKA_HEADERS.traceparent], 'producer', {
      'messaging.system': 'kafka',
      'messaging.operation.name': 'send',
      'messaging.destination.name': row.topic,
    }),
  );
}

function groupByTopic(
  rows: readonly OutboxRow[],
  hops: readonly Hop[] | undefined,
): { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }[] {
  const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
  for (const [index, row] of rows.entries()) {
    const messages = byTopic.get(row.topic) ?? [];
    const hop = hops?.[index];
    const headers = hop ? { ...row.headers, [KAFKA_HEADERS.traceparent]: hop.traceparent } : row.headers;
    messages.push({ key: row.message_key, value: row.payload, headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Every correlation id of a batch, so a single event can be followed through the relay's log. */
function countByTopic(rows: readonly OutboxRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.topic] = (counts[row.topic] ?? 0) + 1;
  return counts;
}

function summarize(rows: readonly OutboxRow[]): string[] {
  return rows.map((row) => row.headers[KAFKA_HEADERS.correlationId] ?? '?');
}
