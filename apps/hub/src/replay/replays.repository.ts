import { isUuid } from '@hub/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SubscriptionChannels } from '../subscriptions/index.js';
import type { Replay } from './replay.js';

interface ReplayRow {
  id: string;
  subscription_id: string;
  requested_by: string;
  from_time: Date | null;
  from_sequence: string | null;
  channels: SubscriptionChannels;
  status: Replay['status'];
  total: number;
  sent: number;
  withheld: number;
  filtered: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
  cursor_time: Date | null;
  cursor_event: string | null;
}

/** One event a replay sends, with the sequence the subscription first gave it (if it had it). */
export interface ReplayEventRow {
  readonly id: string;
  readonly receivedAt: Date;
  readonly correlationId: string;
  readonly envelope: Record<string, unknown>;
  readonly sequence: number | null;
}

export interface ReplayCursor {
  readonly time: Date | null;
  readonly event: string | null;
}

const COLUMNS = `id, subscription_id, requested_by, from_time, from_sequence::text, channels, status, total, sent, withheld, filtered, error,
                 started_at, finished_at, cursor_time, cursor_event`;

/** Replays and the events they select, in PostgreSQL. */
@Injectable()
export class ReplaysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** How many events a replay selects. */
  async count(subscriptionId: string, types: readonly string[], from: { time?: string; sequence?: number }): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${selection(from)}`, [
      subscriptionId,
      types,
      from.time ?? from.sequence ?? null,
    ]);
    return row?.n ?? 0;
  }

  async insert(
    tx: EntityManager,
    replay: {
      id: string;
      subscriptionId: string;
      requestedBy: string;
      fromTime?: string;
      fromSequence?: number;
      channels: SubscriptionChannels;
      total: number;
    },
  ): Promise<Replay> {
    const rows = await tx.query<ReplayRow[]>(
      `INSERT INTO subscription_replays (id, subscription_id, requested_by, from_time, from_sequence, channels, total)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        replay.id,
        replay.subscriptionId,
        replay.requestedBy,
        replay.fromTime ?? null,
        replay.fromSequence ?? null,
        JSON.stringify(replay.channels),
        replay.total,
      ],
    );
    return toReplay(rows[0] as ReplayRow);
  }

  async find(id: string): Promise<(Replay & { cursor: ReplayCursor }) | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await this.dataSource.query<ReplayRow[]>(`SELECT ${COLUMNS} FROM subscription_replays WHERE id = $1`, [id]);
    const row = rows[0];
    return row && { ...toReplay(row), cursor: { time: row.cursor_time, event: row.cursor_event } };
  }

  /** Takes a running replay for this process unless another process has worked on it in the last 30 s. */
  async claim(id: string, runner: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH claimed AS (
         UPDATE subscription_replays SET runner = $2, heartbeat_at = now()
          WHERE id = $1 AND status = 'running' AND (runner = $2 OR heartbeat_at IS NULL OR heartbeat_at < now() - interval '30 seconds')
         RETURNING id)
       SELECT id FROM claimed`,
      [id, runner],
    );
    return rows.length === 1;
  }

  /** Running replays no process has worked on for 30 s (their process stopped). */
  async orphaned(): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM subscription_replays WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - interval '30 seconds') ORDER BY started_at`,
    );
    return rows.map((row) => row.id);
  }

  /** The next events after the cursor, oldest first. */
  async nextEvents(replay: Replay & { cursor: ReplayCursor }, types: readonly string[], limit: number): Promise<ReplayEventRow[]> {
    const from = replay.fromTime !== null ? { time: replay.fromTime } : { sequence: replay.fromSequence ?? 1 };
    const rows = await this.dataSource.query<
      { id: string; received_at: Date; correlation_id: string; envelope: Record<string, unknown>; sequence: string | null }[]
    >(
      `SELECT e.id, e.received_at, e.correlation_id, e.envelope,
              (SELECT d.sequence::text FROM subscription_deliveries d WHERE d.subscription_id = $1 AND d.event_id = e.id) AS sequence
         FROM ${selection(from)}
          AND ($4::uuid IS NULL OR (e.received_at, e.id) > (SELECT r.cursor_time, r.cursor_event FROM subscription_replays r WHERE r.id = $5))
        ORDER BY e.received_at, e.id
        LIMIT $6`,
      [replay.subscriptionId, types, from.time ?? from.sequence ?? null, replay.cursor.event, replay.id, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      receivedAt: row.received_at,
      correlationId: row.correlation_id,
      envelope: row.envelope,
      sequence: row.sequence === null ? null : Number(row.sequence),
    }));
  }

  async progress(
    tx: EntityManager,
    id: string,
    counts: { sent: number; withheld: number; filtered: number },
    cursor: { event: string },
    runner: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE subscription_replays
          SET sent = sent + $2, withheld = withheld + $3, filtered = filtered + $4,
              -- the event's own received_at, to the microsecond (a JavaScript Date keeps milliseconds)
              cursor_time = (SELECT received_at FROM events WHERE id = $5), cursor_event = $5, heartbeat_at = now()
        WHERE id = $1 AND runner = $6`,
      [id, counts.sent, counts.withheld, counts.filtered, cursor.event, runner],
    );
  }

  async finish(id: string, status: 'done' | 'failed', error: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE subscription_replays SET status = $2, error = $3, finished_at = now() WHERE id = $1`, [
      id,
      status,
      error,
    ]);
  }
}

/**
 * `events e` narrowed to what a replay selects ($1 subscription, $2 types, $3 the start): events of
 * the types accepted since a time, or the events the subscription received from a sequence number on.
 */
function selection(from: { time?: string | null; sequence?: number | null }): string {
  return from.time !== undefined && from.time !== null
    ? `events e WHERE $1::uuid IS NOT NULL AND e.type = ANY($2::text[]) AND e.received_at >= $3::timestamptz`
    : `events e WHERE e.type = ANY($2::text[])
          AND EXISTS (SELECT 1 FROM subscription_deliveries d WHERE d.subscription_id = $1 AND d.event_id = e.id AND d.sequence >= $3::bigint)`;
}

function toReplay(row: ReplayRow): Replay {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    requestedBy: row.requested_by,
    fromTime: row.from_time?.toISOString() ?? null,
    fromSequence: row.from_sequence === null ? null : Number(row.from_sequence),
    channels: row.channels,
    status: row.status,
    total: row.total,
    sent: row.sent,
    withheld: row.withheld,
    filtered: row.filtered,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
