import { randomUUID } from 'node:crypto';
import type { BureauChanges, CapturedKind } from './bureau-changes.js';
import { foldChanges, type OpenChunk } from './fold-changes.js';
import { capturedRecordId, prepareChanges } from './prepare-changes.js';
import type { LocalRefusal, RecordChange, RecordPublisher } from './sync-ports.js';
import type { SnapshotState, SyncStore } from './sync-store.js';

/** How much one step reads. */
export interface BureauSyncSettings {
  readonly batchSize: number;
  readonly chunkSize: number;
}

/** The kinds in the order their snapshots run: permits, then applications. */
const SNAPSHOT_ORDER: readonly CapturedKind[] = ['permit', 'application'];

/**
 * The bureau's permits and applications to the hub: on the first start the existing records once
 * (each kind's snapshot in chunks between watermarks, permits first), then every committed change,
 * in commit order. One step reads a batch of changes, publishes what they stand for, waits for
 * Kafka's acknowledgement and only then moves the position (at least once; the events'
 * deterministic ids make a repeat a duplicate at the hub). A step that fails leaves the position
 * where it was: the next one reads the same changes again. One instance per bureau database.
 */
export class BureauSync {
  private chunk: OpenChunk | undefined;
  /** Kinds whose snapshot this instance has seen done (it never runs again). */
  private readonly done = new Set<CapturedKind>();
  private snapshotsStarted = false;

  constructor(
    private readonly bureau: BureauChanges,
    private readonly store: SyncStore,
    private readonly publisher: RecordPublisher,
    private readonly settings: BureauSyncSettings,
  ) {}

  /** One step; how many changes it read (0: nothing new). */
  async step(): Promise<number> {
    const position = (await this.store.position()) ?? (await this.begin());
    if (!this.snapshotsStarted) {
      for (const kind of SNAPSHOT_ORDER) await this.store.startSnapshot(kind);
      this.snapshotsStarted = true;
    }
    const running = this.chunk ? undefined : await this.runningSnapshot();
    if (running) await this.openChunk(running.kind, running.afterId);
    const changes = await this.bureau.read(position, this.settings.batchSize);
    if (changes.length === 0) return 0;
    const folded = foldChanges(changes, this.chunk, position);
    const prepared = prepareChanges(folded.items, await this.store.published(folded.items.map(capturedRecordId)));
    const { published, refused } = await this.publisher.publish(prepared.changes);
    await this.store.commit({
      position: folded.position,
      records: latestSent(prepared.changes, refused),
      events: published,
      refusals: [...prepared.refusals, ...refused],
      ...(folded.snapshot ? { snapshot: folded.snapshot } : {}),
    });
    this.chunk = folded.chunk;
    await this.bureau.prune(folded.position);
    return changes.length;
  }

  /** Steps until a step finds nothing new and every snapshot is done (for the CLI and tests). */
  async drain(): Promise<void> {
    while ((await this.step()) > 0 || this.chunk || (await this.runningSnapshot()));
  }

  private async begin(): Promise<bigint> {
    const position = await this.bureau.lastSeq();
    await this.store.begin(position);
    return position;
  }

  /** The first kind whose snapshot is still running, with where it stands. */
  private async runningSnapshot(): Promise<(SnapshotState & { kind: CapturedKind }) | undefined> {
    for (const kind of SNAPSHOT_ORDER) {
      if (this.done.has(kind)) continue;
      const state = await this.store.snapshot(kind);
      if (state?.status === 'running') return { ...state, kind };
      if (state?.status === 'done') this.done.add(kind);
    }
    return undefined;
  }

  /** Reads the next chunk of `kind` between a low and a high watermark (the stream places it between them). */
  private async openChunk(kind: CapturedKind, afterId: string): Promise<void> {
    const id = randomUUID();
    await this.bureau.writeWatermark(id, 'low');
    const rows = await this.bureau.readChunk(kind, afterId, this.settings.chunkSize);
    await this.bureau.writeWatermark(id, 'high');
    this.chunk = {
      id,
      kind,
      rows: new Map(rows.map((row) => [row.id, row])),
      lastId: rows.at(-1)?.id ?? afterId,
      last: rows.length < this.settings.chunkSize,
      windowOpen: false,
    };
  }
}

/** Each record's newest version sent; a refused version is not what the hub holds, so the next change is compared with the last one sent. */
function latestSent(changes: readonly RecordChange[], refused: readonly LocalRefusal[]): RecordChange[] {
  const refusedVersions = new Set(refused.map((refusal) => `${refusal.recordId}@${refusal.recordVersion}`));
  const sent = changes.filter(({ record }) => !refusedVersions.has(`${record.recordId}@${record.version}`));
  return [...new Map(sent.map((change) => [change.record.recordId, change])).values()];
}
