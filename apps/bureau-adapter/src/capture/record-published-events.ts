import type { EntityManager } from 'typeorm';
import { lockPublishedEvents } from './lock-published-events.js';
import type { PublishedEvent } from './sync-ports.js';

/**
 * Keeps events the adapter handed to Kafka (`bureau_sync.published_event`), inside the caller's
 * transaction, so that the hub's answers on the outcomes topic find the bureau's record: change
 * capture, a reconciliation's repair and the bulk import all publish through here. An answer the
 * hub gave before this commit (it needs only Kafka's acknowledgement) is completed here: its
 * refusal or hold gets the record, and the event its outcome. Holds the lock recordOutcome holds.
 */
export async function recordPublishedEvents(tx: EntityManager, events: readonly PublishedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const columns = [
    events.map((e) => e.eventId),
    events.map((e) => e.recordId),
    events.map((e) => e.recordVersion),
    events.map((e) => e.type),
  ];
  await lockPublishedEvents(tx);
  await tx.query(
    `INSERT INTO bureau_sync.published_event (event_id, record_id, record_version, event_type)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) ON CONFLICT (event_id) DO NOTHING`,
    columns,
  );
  await tx.query(
    `WITH answered AS (
       UPDATE bureau_sync.refusal r SET record_id = e.record_id, record_version = e.record_version, event_type = e.event_type
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) AS e(event_id, record_id, record_version, event_type)
       WHERE r.origin = 'hub' AND r.event_id = e.event_id AND r.record_id IS NULL
       RETURNING r.event_id, r.status, r.refused_at)
     UPDATE bureau_sync.published_event p SET outcome = a.status, outcome_at = a.refused_at FROM answered a
     WHERE p.event_id = a.event_id AND p.outcome IS NULL`,
    columns,
  );
}
