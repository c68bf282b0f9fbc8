import { appendAudit, type AuditEntry } from '@hub/audit';
import type { EntityManager } from 'typeorm';
import type { PreparedEvent } from '../event-store.port.js';
import { decideRecordVersions, type HeldRecord, type NewConflict, type VersionedEvent } from './decide-record-versions.js';
import {
  ConflictAlreadyResolvedError,
  RecordChangeRejectedError,
  StaleRecordVersionError,
  type StaleRecord,
} from './record-versions.errors.js';

/** Purpose tag of the record-version audit rows: the hub keeping records consistent across agencies. */
export const RECORD_CONTROL = 'record-control';

/** What the record versions let through of a request's events. */
export interface RecordClaims {
  /** The events to store: every unversioned one and the versioned ones the records accept. */
  readonly apply: readonly PreparedEvent[];
  /** Changes to a record another agency holds, now in the conflict queue: event id → conflict id. */
  readonly held: ReadonlyMap<string, string>;
}

/**
 * Checks the versioned events against the records the hub holds, inside the transaction that then
 * stores the events: locks each record (creating its row first, so two first publishes of one record
 * serialise on the primary key), decides (see decideRecordVersions), moves the records, queues the
 * conflicts and audits them. An event whose id is stored already is left to the event store (a
 * duplicate whatever the record did since, or an id conflict); one already in the conflict queue is held again (or
 * refused, when an operator kept the other version). Throws StaleRecordVersionError for stale
 * versions: the caller's transaction rolls back, nothing is stored.
 */
export async function claimRecordVersions(tx: EntityManager, events: readonly PreparedEvent[]): Promise<RecordClaims> {
  const versioned = events.filter((event): event is PreparedEvent & VersionedEvent => event.record !== undefined);
  if (versioned.length === 0) return { apply: events, held: new Map() };
  const seen = await seenBefore(tx, versioned);
  const fresh = versioned.filter((event) => !seen.stored.has(event.id) && (event.resolves || !seen.queued.has(event.id)));
  const held = new Map<string, string>();
  for (const event of versioned) {
    const queued = seen.queued.get(event.id);
    if (!queued || event.resolves) continue;
    if (queued.state === 'rejected') throw new RecordChangeRejectedError(event.id, queued.id, queued.note);
    held.set(event.id, queued.id);
  }
  await resolveConflicts(tx, fresh);
  const records = await lockRecords(tx, fresh);
  const now = new Date().toISOString();
  const { decisions, records: moved } = decideRecordVersions(records, fresh, now);
  const stale: StaleRecord[] = [];
  const conflicts: { event: PreparedEvent & VersionedEvent; conflict: NewConflict }[] = [];
  for (const event of fresh) {
    const decision = decisions.get(event.id);
    if (decision?.outcome === 'stale') stale.push(decision.stale);
    if (decision?.outcome === 'held') conflicts.push({ event, conflict: decision.conflict });
  }
  const [firstStale, ...moreStale] = stale;
  if (firstStale) throw new StaleRecordVersionError([firstStale, ...moreStale]);
  await moveRecords(tx, [...moved.values()]);
  await queueConflicts(tx, conflicts);
  for (const { event, conflict } of conflicts) held.set(event.id, conflict.id);
  const skipped = new Set(fresh.filter((event) => decisions.get(event.id)?.outcome !== 'apply').map((event) => event.id));
  return { apply: events.filter((event) => !skipped.has(event.id) && !held.has(event.id)), held };
}

/**
 * The versioned events whose id is stored already (the event store answers them: a duplicate, or
 * EVENT_ID_CONFLICT when the content differs), and those in the conflict queue.
 */
async function seenBefore(
  tx: EntityManager,
  events: readonly PreparedEvent[],
): Promise<{ stored: Set<string>; queued: Map<string, { id: string; state: string; note: string | null }> }> {
  const ids = events.map((event) => event.id);
  const stored = await tx.query<{ id: string }[]>('SELECT id FROM events WHERE id = ANY($1::uuid[])', [ids]);
  const queued = await tx.query<{ id: string; event_id: string; state: string; note: string | null }[]>(
    'SELECT id, incoming_event_id AS event_id, state, note FROM record_conflicts WHERE incoming_event_id = ANY($1::uuid[])',
    [ids],
  );
  return { stored: new Set(stored.map((row) => row.id)), queued: new Map(queued.map((row) => [row.event_id, row])) };
}

/** Locks the records of the events, in key order (so concurrent publishers never deadlock), creating the unseen ones. */
async function lockRecords(tx: EntityManager, events: readonly VersionedEvent[]): Promise<Map<string, HeldRecord>> {
  const keys = new Map(events.map((event) => [event.record.key, event.record.kind]));
  const sorted = [...keys.keys()].sort();
  await tx.query(
    `INSERT INTO record_versions (record_key, kind)
     SELECT key, kind FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(key, kind, ord) ORDER BY ord
     ON CONFLICT (record_key) DO NOTHING`,
    [sorted, sorted.map((key) => keys.get(key))],
  );
  const rows = await tx.query<HeldRow[]>(
    `SELECT record_key, kind, agency, record_id, version::text, event_id, updated_at, version_events, fields
       FROM record_versions WHERE record_key = ANY($1::text[]) ORDER BY record_key FOR UPDATE`,
    [sorted],
  );
  return new Map(rows.map((row) => [row.record_key, heldRecordOf(row)]));
}

/** A record_versions row as the driver returns it. */
export interface HeldRow {
  readonly record_key: string;
  readonly kind: string;
  readonly agency: string | null;
  readonly record_id: string | null;
  readonly version: string;
  readonly event_id: string | null;
  readonly updated_at: Date;
  readonly version_events: Record<string, string>;
  readonly fields: HeldRecord['fields'];
}

export function heldRecordOf(row: HeldRow): HeldRecord {
  return {
    key: row.record_key,
    kind: row.kind,
    agency: row.agency,
    recordId: row.record_id,
    version: Number(row.version),
    eventId: row.event_id,
    updatedAt: row.updated_at.toISOString(),
    versionEvents: row.version_events,
    fields: row.fields,
  };
}

async function moveRecords(tx: EntityManager, records: readonly HeldRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.query(
    `UPDATE record_versions r SET agency = m.agency, record_id = m.record_id, version = m.version, event_id = m.event_id,
            version_events = m.version_events, fields = m.fields, updated_at = m.updated_at
       FROM json_to_recordset($1::json) AS m(record_key text, agency text, record_id text, version bigint, event_id uuid,
            version_events jsonb, fields jsonb, updated_at timestamptz)
      WHERE r.record_key = m.record_key`,
    [
      JSON.stringify(
        records.map((r) => ({
          record_key: r.key,
          agency: r.agency,
          record_id: r.recordId,
          version: r.version,
          event_id: r.eventId,
          version_events: r.versionEvents,
          fields: r.fields,
          updated_at: r.updatedAt,
        })),
      ),
    ],
  );
}

/** The held events, each with both versions, into the conflict queue; one audit row each. */
async function queueConflicts(
  tx: EntityManager,
  conflicts: readonly { event: PreparedEvent & VersionedEvent; conflict: NewConflict }[],
): Promise<void> {
  if (conflicts.length === 0) return;
  await tx.query(
    `INSERT INTO record_conflicts (id, record_key, kind, held_agency, held_record_id, held_version, held_event_id, held_at,
            incoming_agency, incoming_record_id, incoming_version, incoming_event_id, incoming_type, incoming_content_hash, diff, event)
     SELECT id, record_key, kind, held_agency, held_record_id, held_version, held_event_id, held_at,
            incoming_agency, incoming_record_id, incoming_version, incoming_event_id, incoming_type, incoming_content_hash, diff, event
       FROM json_to_recordset($1::json) AS c(id uuid, record_key text, kind text, held_agency text, held_record_id text, held_version bigint,
            held_event_id uuid, held_at timestamptz, incoming_agency text, incoming_record_id text, incoming_version bigint,
            incoming_event_id uuid, incoming_type text, incoming_content_hash text, diff jsonb, event jsonb)`,
    [
      JSON.stringify(
        conflicts.map(({ event, conflict }) => ({
          id: conflict.id,
          record_key: event.record.key,
          kind: event.record.kind,
          held_agency: conflict.held.agency,
          held_record_id: conflict.held.recordId,
          held_version: conflict.held.version,
          held_event_id: conflict.held.eventId,
          held_at: conflict.held.updatedAt,
          incoming_agency: event.agency,
          incoming_record_id: event.record.recordId,
          incoming_version: event.record.version,
          incoming_event_id: event.id,
          incoming_type: event.type,
          incoming_content_hash: event.contentHash,
          diff: conflict.diff,
          event: queuedEvent(event),
        })),
      ),
    ],
  );
  await appendAudit(
    tx,
    conflicts.map(({ event, conflict }) =>
      conflictAudit(`agency:${event.agency}`, 'record.conflict-opened', event.id, conflict.id, {
        recordKey: event.record.key,
        kind: event.record.kind,
        heldAgency: conflict.held.agency ?? '',
        heldVersion: conflict.held.version,
        incomingVersion: event.record.version,
        changedFields: conflict.diff.length,
      }),
    ),
  );
}

/** The event as the conflict queue keeps it: what the event store needs to store it later, raw identifiers encrypted. */
function queuedEvent(event: PreparedEvent): Omit<PreparedEvent, 'envelope' | 'payload' | 'resolves'> {
  return {
    id: event.id,
    type: event.type,
    contractVersion: event.contractVersion,
    agency: event.agency,
    region: event.region,
    subject: event.subject,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    contentHash: event.contentHash,
    storedEnvelope: event.storedEnvelope,
    topic: event.topic,
    purpose: event.purpose,
    headers: event.headers,
    record: event.record,
  };
}

/**
 * The conflicts the accepted events resolve: each locked and checked still open (so of two
 * concurrent resolves one stores the event and the other finds it resolved), then marked accepted,
 * audited under the operator.
 */
async function resolveConflicts(tx: EntityManager, events: readonly PreparedEvent[]): Promise<void> {
  const entries: AuditEntry[] = [];
  for (const event of events) {
    if (!event.resolves) continue;
    const { conflictId, actor, note } = event.resolves;
    const [row] = await tx.query<{ state: string; resolution: string | null }[]>(
      'SELECT state, resolution FROM record_conflicts WHERE id = $1 FOR UPDATE',
      [conflictId],
    );
    if (row?.state !== 'open') throw new ConflictAlreadyResolvedError(conflictId, row?.resolution ?? 'unknown');
    await tx.query(
      `UPDATE record_conflicts SET state = 'accepted', resolution = 'accept-incoming', resolved_by = $2, note = $3, resolved_at = clock_timestamp()
        WHERE id = $1`,
      [conflictId, actor, note],
    );
    entries.push(conflictAudit(actor, 'record.conflict-resolved', event.id, conflictId, { resolution: 'accept-incoming' }));
  }
  await appendAudit(tx, entries);
}

/** One audit row of the conflict queue. */
export function conflictAudit(
  actor: string,
  action: string,
  eventId: string | null,
  conflictId: string,
  detail: Readonly<Record<string, string | number>>,
): AuditEntry {
  return { actor, action, purpose: RECORD_CONTROL, eventId, detail: { conflictId, ...detail } };
}
