import type { FieldChange } from '../record-versions/decide-record-versions.js';

export const CONFLICT_STATES = ['open', 'accepted', 'rejected'] as const;
export type ConflictState = (typeof CONFLICT_STATES)[number];

export const RESOLUTIONS = ['accept-incoming', 'keep-current'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** One side of a conflict: the version an agency holds or sent. */
export interface ConflictSide {
  readonly agency: string;
  readonly recordId: string | null;
  readonly version: number;
  readonly eventId: string | null;
  /** When the hub took that version (held) or received the change (incoming). */
  readonly at: string;
}

/** A change to a record another agency holds, as operators and the two agencies see it. */
export interface RecordConflict {
  readonly id: string;
  readonly state: ConflictState;
  /** The record: its kind and the keyed hash of its business key. */
  readonly kind: string;
  readonly recordKey: string;
  readonly eventType: string;
  readonly held: ConflictSide;
  readonly incoming: ConflictSide;
  /** The data fields that differ (raw identifiers masked). */
  readonly diff: readonly FieldChange[];
  readonly resolution: { readonly resolution: Resolution; readonly by: string; readonly note: string; readonly at: string } | null;
}

/** A record_conflicts row as listed (the queued event itself is never shown). */
export interface ConflictRow {
  readonly id: string;
  readonly state: ConflictState;
  readonly kind: string;
  readonly record_key: string;
  readonly incoming_type: string;
  readonly held_agency: string;
  readonly held_record_id: string | null;
  readonly held_version: string;
  readonly held_event_id: string | null;
  readonly held_at: Date;
  readonly incoming_agency: string;
  readonly incoming_record_id: string;
  readonly incoming_version: string;
  readonly incoming_event_id: string;
  readonly created_at: Date;
  readonly diff: FieldChange[];
  readonly resolution: Resolution | null;
  readonly resolved_by: string | null;
  readonly note: string | null;
  readonly resolved_at: Date | null;
}

export const CONFLICT_COLUMNS = `d.id, d.state, d.kind, d.record_key, d.incoming_type, d.held_agency, d.held_record_id, d.held_version::text,
  d.held_event_id, d.held_at, d.incoming_agency, d.incoming_record_id, d.incoming_version::text, d.incoming_event_id, d.created_at,
  d.diff, d.resolution, d.resolved_by, d.note, d.resolved_at`;

export function conflictOf(row: ConflictRow): RecordConflict {
  return {
    id: row.id,
    state: row.state,
    kind: row.kind,
    recordKey: row.record_key,
    eventType: row.incoming_type,
    held: {
      agency: row.held_agency,
      recordId: row.held_record_id,
      version: Number(row.held_version),
      eventId: row.held_event_id,
      at: row.held_at.toISOString(),
    },
    incoming: {
      agency: row.incoming_agency,
      recordId: row.incoming_record_id,
      version: Number(row.incoming_version),
      eventId: row.incoming_event_id,
      at: row.created_at.toISOString(),
    },
    diff: row.diff,
    resolution:
      row.resolution && row.resolved_at
        ? { resolution: row.resolution, by: row.resolved_by ?? '', note: row.note ?? '', at: row.resolved_at.toISOString() }
        : null,
  };
}
