import type { EntityManager } from 'typeorm';

/** A signed linkage event waiting to be published through the hub. */
export interface OutboxEvent {
  readonly id: number;
  readonly eventId: string;
  readonly subject: string;
  readonly event: Record<string, unknown>;
  readonly attempts: number;
}

/** Channel the outbox is announced on when something is written to it (the publisher wakes at once). */
export const LINKAGE_OUTBOX_CHANNEL = 'linkage_outbox';

/**
 * `linkage_outbox`: the linkage events written in the same transaction as the decisions and cases
 * they announce, published to the hub afterwards (see OutboxPublisher). A row is done when it is
 * published, or refused by the hub (4xx, kept with the hub's problem).
 */
export class LinkageOutboxRepository {
  async append(
    tx: EntityManager,
    events: readonly { eventId: string; eventType: string; subject: string; event: object }[],
  ): Promise<void> {
    if (events.length === 0) return;
    // One statement, rows in this order (the publisher sends by id); the channel is announced in it.
    await tx.query(
      `WITH written AS (
         INSERT INTO linkage_outbox (event_id, event_type, subject, event)
         SELECT event_id, event_type, subject, event
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS row (event_id, event_type, subject, event, n)
          ORDER BY n
         RETURNING 1)
       SELECT pg_notify('${LINKAGE_OUTBOX_CHANNEL}', '') FROM (SELECT count(*) FROM written) AS done`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.eventType),
        events.map((e) => e.subject),
        events.map((e) => JSON.stringify(e.event)),
      ],
    );
  }

  /**
   * Whether this transaction is the one publisher now (a transaction-level advisory lock): rows go
   * out in id order from one publisher at a time, so each subject's events reach the hub in order.
   */
  async takePublisherTurn(tx: EntityManager): Promise<boolean> {
    const [row] = await tx.query<{ taken: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('linkage-outbox-publisher', 0)) AS taken`,
    );
    return row?.taken === true;
  }

  /**
   * The oldest waiting rows, in id order, locked until the transaction ends. The order names the
   * table's column: a bare `id` would be the output column `id::text`, and text order puts row 100
   * before row 99.
   */
  async nextBatch(tx: EntityManager, limit: number): Promise<OutboxEvent[]> {
    const rows = await tx.query<{ id: string; event_id: string; subject: string; event: Record<string, unknown>; attempts: number }[]>(
      `SELECT id::text, event_id, subject, event, attempts FROM linkage_outbox
        WHERE published_at IS NULL AND refused IS NULL
        ORDER BY linkage_outbox.id LIMIT $1 FOR UPDATE`,
      [limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      eventId: row.event_id,
      subject: row.subject,
      event: row.event,
      attempts: row.attempts,
    }));
  }

  async markPublished(tx: EntityManager, ids: readonly number[]): Promise<void> {
    if (ids.length > 0) {
      await tx.query(
        'UPDATE linkage_outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])',
        [ids],
      );
    }
  }

  async markRefused(tx: EntityManager, id: number, problem: unknown): Promise<void> {
    await tx.query('UPDATE linkage_outbox SET refused = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1', [
      id,
      JSON.stringify(problem),
      'refused by the hub',
    ]);
  }

  async markFailed(tx: EntityManager, ids: readonly number[], error: string): Promise<void> {
    if (ids.length > 0) {
      await tx.query('UPDATE linkage_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])', [ids, error]);
    }
  }

  /** Rows waiting (not published, not refused): the publisher's backlog. */
  async waiting(tx: EntityManager): Promise<number> {
    const [row] = await tx.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM linkage_outbox WHERE published_at IS NULL AND refused IS NULL',
    );
    return row?.n ?? 0;
  }
}
