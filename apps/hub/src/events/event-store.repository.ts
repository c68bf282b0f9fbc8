import { Injectable } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import { OUTBOX_CHANNEL } from '@hub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { EventIdConflictError, EventStoreUnavailableError } from './events.errors.js';
import type { EventStore, PreparedEvent } from './event-store.port.js';

/** SQLSTATE raised by hub_event_id_conflict() (see the event-store migration). */
const EVENT_ID_CONFLICT_SQLSTATE = 'HB409';

/**
 * The event store on PostgreSQL. A publish is one statement, so one round trip and atomic by
 * itself: it stores the new events and their outbox records and wakes the relay; an id stored
 * before with the same content is skipped (a duplicate); an id stored with other content aborts the
 * whole statement, so nothing of the request is stored.
 */
@Injectable()
export class EventStoreRepository implements EventStore {
  constructor(private readonly dataSource: DataSource) {}

  async storeNew(events: readonly PreparedEvent[]): Promise<Set<string>> {
    let inserted: Set<string>;
    try {
      inserted = await insertEventsWithOutbox(this.dataSource.manager, events);
    } catch (error) {
      if ((error as { code?: string }).code === EVENT_ID_CONFLICT_SQLSTATE) {
        throw new EventIdConflictError(await findConflicts(this.dataSource.manager, events));
      }
      if (error instanceof HubError) throw error;
      throw new EventStoreUnavailableError(error);
    }
    return new Set(events.filter((event) => !inserted.has(event.id)).map((event) => event.id));
  }
}

async function insertEventsWithOutbox(manager: EntityManager, events: readonly PreparedEvent[]): Promise<Set<string>> {
  const [row] = await manager.query<{ inserted: string[] }[]>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[],
                            $9::text[], $10::text[], $11::text[], $12::jsonb[]) WITH ORDINALITY
         AS u(id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, payload, topic, headers, ord)
     ), inserted AS (
       INSERT INTO events AS stored (id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, envelope)
       SELECT id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, payload::jsonb FROM input ORDER BY ord
       ON CONFLICT (id) DO UPDATE SET id = stored.id
         WHERE stored.content_hash <> EXCLUDED.content_hash AND hub_event_id_conflict(stored.id)
       RETURNING id
     ), queued AS (
       INSERT INTO outbox (event_id, topic, message_key, payload, headers)
       SELECT input.id, input.topic, input.subject, input.payload, input.headers FROM input JOIN inserted USING (id)
       ORDER BY input.ord
       RETURNING 1
     ), notified AS (
       SELECT pg_notify($13, '') FROM (SELECT 1 FROM queued LIMIT 1) AS any_queued
     )
     SELECT coalesce((SELECT array_agg(id) FROM inserted), '{}') AS inserted, (SELECT count(*) FROM notified) AS notified`,
    [
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.contractVersion),
      events.map((e) => e.agency),
      events.map((e) => e.region),
      events.map((e) => e.subject),
      events.map((e) => e.occurredAt),
      events.map((e) => e.correlationId),
      events.map((e) => e.contentHash),
      events.map((e) => e.payload),
      events.map((e) => e.topic),
      events.map((e) => JSON.stringify(e.headers)),
      OUTBOX_CHANNEL,
    ],
  );
  return new Set(row?.inserted ?? []);
}

/** The ids of `events` stored before with other content. */
async function findConflicts(manager: EntityManager, events: readonly PreparedEvent[]): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(
    `SELECT stored.id FROM events stored
       JOIN unnest($1::uuid[], $2::text[]) AS sent(id, content_hash) ON sent.id = stored.id
      WHERE stored.content_hash <> sent.content_hash`,
    [events.map((e) => e.id), events.map((e) => e.contentHash)],
  );
  return rows.map((row) => row.id);
}
