import { Injectable } from '@nestjs/common';
import { auditInsertCte } from '@hub/audit';
import { HubError, DISPATCH_TOPIC } from '@hub/contracts';
import { OUTBOX_CHANNEL, outboxInsertCtes } from '@hub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { EventIdConflictError, EventStoreUnavailableError } from './events.errors.js';
import type { EventStore, PreparedEvent } from './event-store.port.js';

/** SQLSTATE raised by hub_event_id_conflict() (see the event-store migration). */
const EVENT_ID_CONFLICT_SQLSTATE = 'HB409';

/**
 * The event store on PostgreSQL. A publish is one statement, so one round trip and atomic by
 * itself: it stores the new events and their outbox records (the canonical topic, and the dispatcher's
 * ordered stream) and wakes the relay; an id stored
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

/**
 * One `event.published` audit row per newly stored event, in the same statement (so it commits with
 * the event or not at all): the agency, the purpose of its grant, the event id and its type. The
 * ORDER BY lets the event inserts finish before the audit chain's lock is taken.
 */
const PUBLISHED_AUDIT = auditInsertCte(
  'audited',
  `SELECT 'agency:' || input.agency, 'event.published', input.purpose, input.id,
          jsonb_build_object('type', input.type, 'contractVersion', input.contract_version, 'region', input.region)
     FROM input JOIN inserted USING (id)
    ORDER BY input.ord`,
);

/** Each newly stored event's records: its canonical topic's, then the dispatcher's stream's ($3). */
const QUEUED_RECORDS = outboxInsertCtes(
  `SELECT input.id, target.topic, input.subject, input.payload, input.headers
     FROM input JOIN inserted USING (id) CROSS JOIN LATERAL (VALUES (input.topic, 0), ($3, 1)) AS target (topic, n)
    ORDER BY input.ord, target.n`,
  '$2',
);

async function insertEventsWithOutbox(manager: EntityManager, events: readonly PreparedEvent[]): Promise<Set<string>> {
  const [row] = await manager.query<{ inserted: string[] }[]>(
    `WITH input AS (
       SELECT * FROM json_to_recordset($1::json)
         AS u(id uuid, type text, contract_version int, agency text, region text, subject text, occurred_at timestamptz,
              correlation_id text, content_hash text, payload text, stored_envelope text, topic text, purpose text, headers jsonb, ord bigint)
     ), inserted AS (
       INSERT INTO events AS stored (id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, envelope)
       SELECT id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, stored_envelope::jsonb FROM input ORDER BY ord
       ON CONFLICT (id) DO UPDATE SET id = stored.id
         WHERE stored.content_hash <> EXCLUDED.content_hash AND hub_event_id_conflict(stored.id)
       RETURNING id
     ), ${QUEUED_RECORDS}, ${PUBLISHED_AUDIT}
     SELECT coalesce((SELECT array_agg(id) FROM inserted), '{}') AS inserted, (SELECT count(*) FROM notified) AS notified,
            (SELECT count(*) FROM audited) AS audited`,
    // One JSON parameter instead of an array per column: V8 serializes it natively, much faster than
    // the driver's per-element array escaping of the payloads.
    [
      JSON.stringify(
        events.map((e, ord) => ({
          ord,
          id: e.id,
          type: e.type,
          contract_version: e.contractVersion,
          agency: e.agency,
          region: e.region,
          subject: e.subject,
          occurred_at: e.occurredAt,
          correlation_id: e.correlationId,
          content_hash: e.contentHash,
          payload: e.payload,
          stored_envelope: e.storedEnvelope,
          topic: e.topic,
          purpose: e.purpose,
          headers: e.headers,
        })),
      ),
      OUTBOX_CHANNEL,
      DISPATCH_TOPIC,
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
