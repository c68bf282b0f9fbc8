import type { EntityManager } from 'typeorm';

/** pg_advisory_xact_lock key of the adapter's store shared by the sync step's commit and each outcome (any constant nothing else takes). */
const PUBLISHED_EVENTS_LOCK = 7_310_000_001;

/**
 * Orders a sync step's commit and the recording of a hub outcome. The hub can answer an event before
 * the step that published it has written it to the store (the answer needs only Kafka's ack), so
 * each side holds this lock for its transaction: an outcome recorded first is completed by the
 * step's commit, one recorded after finds the event.
 */
export async function lockPublishedEvents(tx: EntityManager): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PUBLISHED_EVENTS_LOCK]);
}
