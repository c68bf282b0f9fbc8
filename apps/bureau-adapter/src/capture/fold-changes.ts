import type { CapturedChange, CapturedKind, CapturedRecord } from './bureau-changes.js';

/**
 * A snapshot chunk between its watermarks: the records of one kind read between the low and the
 * high watermark, less every record a change inside that window touched (the change, newer or
 * equal, is published in its place).
 */
export interface OpenChunk {
  readonly id: string;
  readonly kind: CapturedKind;
  /** By the record's id in the bureau's table. */
  readonly rows: ReadonlyMap<string, CapturedRecord>;
  /** The highest id read: the next chunk starts after it. */
  readonly lastId: string;
  /** Fewer records than asked for: this is the last chunk of this kind's snapshot. */
  readonly last: boolean;
  readonly windowOpen: boolean;
}

/** A record to publish, in the order the stream gives it. */
export type SyncItem = CapturedRecord & { readonly origin: 'change' | 'snapshot' };

/** Where one kind's snapshot stands after a chunk closed. */
export interface SnapshotProgress {
  readonly kind: CapturedKind;
  readonly afterId: string;
  readonly records: number;
  readonly done: boolean;
}

/** What reading one batch of changes gives. */
export interface FoldedChanges {
  readonly items: SyncItem[];
  /** The chunk still waiting for its high watermark, if any. */
  readonly chunk: OpenChunk | undefined;
  /** Set when the batch closed a chunk: where that kind's snapshot now stands. */
  readonly snapshot?: SnapshotProgress;
  readonly position: bigint;
}

/**
 * Folds one batch of captured changes (commit order) with the open snapshot chunk, after the
 * watermark technique of Debezium's incremental snapshots (DBLog): inside a chunk's window, a change
 * to a record of the chunk takes that record out of the chunk; at the high watermark the records
 * left are emitted, as of the high watermark's place in the stream. Watermarks of other chunks
 * (left by a run that stopped mid-chunk) are passed over.
 */
export function foldChanges(changes: readonly CapturedChange[], chunk: OpenChunk | undefined, position: bigint): FoldedChanges {
  const items: SyncItem[] = [];
  let open = chunk;
  let rows = new Map(chunk?.rows ?? []);
  let snapshot: SnapshotProgress | undefined;
  let last = position;
  for (const change of changes) {
    last = change.seq;
    if (change.kind !== 'watermark') {
      if (open?.windowOpen && change.kind === open.kind) rows.delete(change.id);
      items.push({ ...recordOf(change), origin: 'change' });
      continue;
    }
    if (!open || change.chunk !== open.id) continue;
    if (change.edge === 'low') {
      open = { ...open, windowOpen: true };
      continue;
    }
    const emitted = [...rows].sort(([a], [b]) => compareIds(a, b));
    items.push(...emitted.map(([, record]) => ({ ...record, origin: 'snapshot' as const })));
    snapshot = { kind: open.kind, afterId: open.lastId, records: emitted.length, done: open.last };
    open = undefined;
    rows = new Map();
  }
  return { items, chunk: open && { ...open, rows }, ...(snapshot ? { snapshot } : {}), position: last };
}

function recordOf(change: CapturedRecord & { seq: bigint }): CapturedRecord {
  return change.kind === 'permit'
    ? { kind: 'permit', id: change.id, document: change.document }
    : { kind: 'application', id: change.id, document: change.document };
}

function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
