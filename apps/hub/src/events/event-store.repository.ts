import { Injectable } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import { appendToOutbox } from '@hub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { EventIdConflictError, EventStoreUnavailableError } from './events.errors.js';
import type { EventStore, PreparedEvent } from './event-store.port.js';

/** The event store on PostgreSQL: events, outbox rows and the relay's wake-up in one transaction. */
@Injectable()
export class EventStoreRepository implements EventStore {
  constructor(private readonly dataSource: DataSource) {}

  async storeNew(events: readonly PreparedEvent[]): Promise<Set<string>> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const inserted = await insertEvents(manager, events);
        const repeated = events.filter((event) => !inserted.has(event.id));
        await assertSameContent(manager, repeated);
        await appendToOutbox(
          manager,
          events
            .filter((event) => inserted.has(event.id))
            .map((event) => ({
              eventId: event.id,
              topic: event.topic,
              key: event.subject,
              payload: event.payload,
              headers: event.headers,
            })),
        );
        return new Set(repeated.map((event) => event.id));
      });
    } catch (error) {
      if (error instanceof HubError) throw error;
      throw new EventStoreUnavailableError(error);
    }
  }
}

async function insertEvents(manager: EntityManager, events: readonly PreparedEvent[]): Promise<Set<string>> {
  const rows = await manager.query<{ id: string }[]>(
    `INSERT INTO events (id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, envelope)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::jsonb[])
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
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
    ],
  );
  return new Set(rows.map((row) => row.id));
}

async function assertSameContent(manager: EntityManager, repeated: readonly PreparedEvent[]): Promise<void> {
  if (repeated.length === 0) return;
  const stored = await manager.query<
    {
      id: string;
      content_hash: string;
    }[]
  >('SELECT id, content_hash FROM events WHERE id = ANY($1::uuid[])', [repeated.map((e) => e.id)]);
  const hashes = new Map(stored.map((row) => [row.id, row.content_hash]));
  const conflicting = repeated.filter((event) => hashes.get(event.id) !== event.contentHash).map((event) => event.id);
  if (conflicting.length > 0) throw new EventIdConflictError(conflicting);
}
