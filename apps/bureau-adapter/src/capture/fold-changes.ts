import type { CapturedChange } from './bureau-changes.js';
import type { PermitDocument } from './permit-document.js';

/**
 * A snapshot chunk between its watermarks: the permits read between the low and the high watermark,
 * less every permit a change inside that window touched (the change, newer or equal, is published
 * in its place).
 */
export interface OpenChunk {
  readonly id: string;
  readonly rows: ReadonlyMap<string, PermitDocument>;
  /** The highest permit id read: the next chunk starts after it. */
  readonly lastPermitId: string;
  /** Fewer permits than asked for: this is the snapshot's last chunk. */
  readonly last: boolean;
  readonly windowOpen: boolean;
}

/** A permit to publish, in the order the stream gives it. */
export interface SyncItem {
  readonly permitId: string;
  /** Null when the row was deleted. */
  readonly document: PermitDocument | null;
  readonly origin: 'change' | 'snapshot';
}

/** What reading one batch of changes gives. */
export interface FoldedChanges {
  readonly items: SyncItem[];
  /** The chunk still waiting for its high watermark, if any. */
  readonly chunk: OpenChunk | undefined;
  /** Set when the batch closed a chunk: where the snapshot now stands. */
  readonly snapshot?: { readonly afterPermitId: string; readonly permits: number; readonly done: boolean };
  readonly position: bigint;
}

/**
 * Folds one batch of captured changes (commit order) with the open snapshot chunk, after the
 * watermark technique of Debezium's incremental snapshots (DBLog): inside a chunk's window, a change
 * to a permit of the chunk takes that permit out of the chunk; at the high watermark the permits
 * left are emitted, as of the high watermark's place in the stream. Watermarks of other chunks
 * (left by a run that stopped mid-chunk) are passed over.
 */
export function foldChanges(changes: readonly CapturedChange[], chunk: OpenChunk | undefined, position: bigint): FoldedChanges {
  const items: SyncItem[] = [];
  let open = chunk;
  let rows = new Map(chunk?.rows ?? []);
  let snapshot: FoldedChanges['snapshot'];
  let last = position;
  for (const change of changes) {
    last = change.seq;
    if (change.kind === 'permit') {
      if (open?.windowOpen) rows.delete(change.permitId);
      items.push({ permitId: change.permitId, document: change.document, origin: 'change' });
      continue;
    }
    if (!open || change.chunk !== open.id) continue;
    if (change.edge === 'low') {
      open = { ...open, windowOpen: true };
      continue;
    }
    const emitted = [...rows].sort(([a], [b]) => compareIds(a, b));
    items.push(...emitted.map(([permitId, document]) => ({ permitId, document, origin: 'snapshot' as const })));
    snapshot = { afterPermitId: open.lastPermitId, permits: emitted.length, done: open.last };
    open = undefined;
    rows = new Map();
  }
  return { items, chunk: open && { ...open, rows }, ...(snapshot ? { snapshot } : {}), position: last };
}

function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
