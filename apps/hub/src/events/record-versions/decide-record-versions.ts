import { randomUUID } from 'node:crypto';
import type { RecordFields, RecordRef } from './record-identity.js';
import type { StaleRecord } from './record-versions.errors.js';

/** What the hub holds of one record (version 0 and no agency: a record not seen before). */
export interface HeldRecord {
  readonly key: string;
  readonly kind: string;
  readonly agency: string | null;
  readonly recordId: string | null;
  readonly version: number;
  readonly eventId: string | null;
  readonly updatedAt: string;
  /** Event type → data hash of the events stored at `version`. */
  readonly versionEvents: Readonly<Record<string, string>>;
  readonly fields: RecordFields;
}

/** The parts of an event a record decision reads. */
export interface VersionedEvent {
  readonly id: string;
  readonly type: string;
  readonly agency: string;
  readonly record: RecordRef;
  /** The conflict an operator resolved with accept-incoming, when this is its held event being stored. */
  readonly resolves?: { readonly conflictId: string } | undefined;
}

/** One leaf of `data` that differs between the held and the incoming version (raw identifiers masked). */
export interface FieldChange {
  readonly path: string;
  readonly held?: unknown;
  readonly incoming?: unknown;
}

/** A change to a record another agency holds, to be queued for an operator. */
export interface NewConflict {
  readonly id: string;
  readonly held: HeldRecord;
  readonly eventId: string;
  readonly diff: readonly FieldChange[];
}

export type RecordDecision =
  | { readonly outcome: 'apply' }
  | { readonly outcome: 'duplicate' }
  | { readonly outcome: 'held'; readonly conflict: NewConflict }
  | { readonly outcome: 'stale'; readonly stale: StaleRecord };

/** Most changed fields a conflict lists. */
const MAX_DIFF = 50;

/**
 * Decides each versioned event against the records held, in order (a later event of the request
 * sees what an earlier one did): a record nobody holds, or a newer version from its holder, moves
 * the record and is applied; the held version again says the same (duplicate) or, for an event type
 * not yet stored at that version, adds to it; an older version, or the same with other content, is
 * stale; any version from another agency is held for an operator. An operator's accept-incoming
 * applies whatever is held. Returns the decisions and the records as they end.
 */
export function decideRecordVersions(
  held: ReadonlyMap<string, HeldRecord>,
  events: readonly VersionedEvent[],
  now: string,
): { decisions: Map<string, RecordDecision>; records: Map<string, HeldRecord> } {
  const records = new Map(held);
  const moved = new Map<string, HeldRecord>();
  const decisions = new Map<string, RecordDecision>();
  for (const event of events) {
    const { record } = event;
    const current = records.get(record.key) ?? unheld(record);
    const decision = decide(current, event);
    decisions.set(event.id, decision);
    if (decision.outcome !== 'apply') continue;
    const sameVersion = current.agency === event.agency && current.version === record.version && !event.resolves;
    const next: HeldRecord = {
      key: record.key,
      kind: record.kind,
      agency: event.agency,
      recordId: record.recordId,
      version: record.version,
      eventId: event.id,
      updatedAt: now,
      versionEvents: { ...(sameVersion ? current.versionEvents : {}), [event.type]: record.dataHash },
      fields: record.fields,
    };
    records.set(record.key, next);
    moved.set(record.key, next);
  }
  return { decisions, records: moved };
}

function decide(current: HeldRecord, event: VersionedEvent): RecordDecision {
  const { record } = event;
  if (event.resolves || current.agency === null) return { outcome: 'apply' };
  if (current.agency !== event.agency) {
    return {
      outcome: 'held',
      conflict: { id: randomUUID(), held: current, eventId: event.id, diff: diffFields(current.fields, record.fields) },
    };
  }
  if (record.version > current.version) return { outcome: 'apply' };
  const stored = record.version === current.version ? current.versionEvents[event.type] : undefined;
  if (stored === record.dataHash) return { outcome: 'duplicate' };
  if (record.version === current.version && stored === undefined) return { outcome: 'apply' };
  return {
    outcome: 'stale',
    stale: {
      eventId: event.id,
      path: record.path,
      recordId: record.recordId,
      version: record.version,
      currentVersion: current.version,
      sameVersion: record.version === current.version,
    },
  };
}

function unheld(record: RecordRef): HeldRecord {
  return {
    key: record.key,
    kind: record.kind,
    agency: null,
    recordId: null,
    version: 0,
    eventId: null,
    updatedAt: '',
    versionEvents: {},
    fields: {},
  };
}

/** The leaves of `data` that differ, held and incoming value side by side (at most MAX_DIFF). */
export function diffFields(held: RecordFields, incoming: RecordFields): FieldChange[] {
  const paths = [...new Set([...Object.keys(held), ...Object.keys(incoming)])].sort();
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const before = held[path];
    const after = incoming[path];
    if (before?.h === after?.h) continue;
    changes.push({ path, ...(before ? { held: before.v } : {}), ...(after ? { incoming: after.v } : {}) });
    if (changes.length >= MAX_DIFF) break;
  }
  return changes;
}
