import type { DataSource } from 'typeorm';
import type { PublishOutcome } from '@hub/agency-kit';
import { lockPublishedEvents } from '../capture/lock-published-events.js';

/**
 * Keeps the hub's outcome of one published record: marks the event accepted, duplicate, refused or
 * held, and for a refusal or a hold writes a row the bureau sees (`GET /v1/sync/refusals`,
 * `npm run bureau -- status`) with the field paths, rules and zh/en messages, under the bureau's
 * record id. Idempotent: an outcome read again (after a crash before its offset was committed)
 * changes nothing.
 */
export async function recordOutcome(db: DataSource, outcome: PublishOutcome): Promise<void> {
  await db.transaction(async (tx) => {
    await lockPublishedEvents(tx);
    const events: { record_id: string; record_version: number; event_type: string }[] = outcome.eventId
      ? await tx.query(
          `WITH marked AS (UPDATE bureau_sync.published_event SET outcome = $2, outcome_at = $3 WHERE event_id = $1
             RETURNING record_id, record_version, event_type)
           SELECT * FROM marked`,
          [outcome.eventId, outcome.status, outcome.at],
        )
      : [];
    if (outcome.status !== 'refused' && outcome.status !== 'held') return;
    const event = events[0];
    const error = outcome.error;
    await tx.query(
      `INSERT INTO bureau_sync.refusal (origin, status, event_id, event_type, record_id, record_version, http_status, code, message,
         message_zh, issues, current_version, outbound_partition, outbound_offset, refused_at)
       VALUES ('hub', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (outbound_partition, outbound_offset) DO NOTHING`,
      [
        outcome.status,
        outcome.eventId,
        event?.event_type ?? null,
        event?.record_id ?? null,
        event?.record_version ?? null,
        error?.status ?? null,
        error?.code ?? (outcome.status === 'held' ? 'HELD_IN_CONFLICT_QUEUE' : 'REFUSED'),
        error?.message ??
          (outcome.status === 'held' ? 'The hub holds the change in its conflict queue for an operator.' : 'The hub refused the record.'),
        error?.messageZh ?? null,
        JSON.stringify(error?.issues ?? []),
        error?.currentVersion ?? null,
        outcome.outboundOffset.partition,
        outcome.outboundOffset.offset,
        outcome.at,
      ],
    );
  });
}
