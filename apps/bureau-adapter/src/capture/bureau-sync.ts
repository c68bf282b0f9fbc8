import { randomUUID } from 'node:crypto';
import type { BureauChanges } from './bureau-changes.js';
import { foldChanges, type OpenChunk } from './fold-changes.js';
import { permitRecordId } from './permit-document.js';
import { prepareChanges } from './prepare-changes.js';
import type { PermitRecord } from '../permits/permit-record.js';
import type { LocalRefusal, PermitChange, PermitPublisher } from './sync-ports.js';
import type { SyncStore } from './sync-store.js';

/** How much one step reads. */
export interface BureauSyncSettings {
  readonly batchSize: number;
  readonly chunkSize: number;
}

/**
 * The bureau's permits to the hub: on the first start the existing permits once (in chunks between
 * watermarks), then every committed change, in commit order. One step reads a batch of changes,
 * publishes what they stand for, waits for Kafka's acknowledgement and only then moves the position
 * (at least once; the events' deterministic ids make a repeat a duplicate at the hub). A step that
 * fails leaves the position where it was: the next one reads the same changes again. One instance
 * per bureau database.
 */
export class BureauSync {
  private chunk: OpenChunk | undefined;

  constructor(
    private readonly bureau: BureauChanges,
    private readonly store: SyncStore,
    private readonly publisher: PermitPublisher,
    private readonly settings: BureauSyncSettings,
  ) {}

  /** One step; how many changes it read (0: nothing new). */
  async step(): Promise<number> {
    const position = (await this.store.position()) ?? (await this.begin());
    const snapshot = await this.store.snapshot();
    if (snapshot?.status === 'running' && !this.chunk) await this.openChunk(snapshot.afterPermitId);
    const changes = await this.bureau.read(position, this.settings.batchSize);
    if (changes.length === 0) return 0;
    const folded = foldChanges(changes, this.chunk, position);
    const prepared = prepareChanges(folded.items, await this.store.published(folded.items.map((item) => permitRecordId(item.permitId))));
    const { published, refused } = await this.publisher.publish(prepared.changes);
    await this.store.commit({
      position: folded.position,
      permits: latestSent(prepared.changes, refused),
      events: published,
      refusals: [...prepared.refusals, ...refused],
      ...(folded.snapshot ? { snapshot: folded.snapshot } : {}),
    });
    this.chunk = folded.chunk;
    await this.bureau.prune(folded.position);
    return changes.length;
  }

  /** Steps until a step finds nothing new and the snapshot is done (for the CLI and tests). */
  async drain(): Promise<void> {
    while ((await this.step()) > 0 || this.chunk || (await this.store.snapshot())?.status === 'running');
  }

  private async begin(): Promise<bigint> {
    const position = await this.bureau.lastSeq();
    await this.store.begin(position);
    return position;
  }

  /** Reads the next chunk between a low and a high watermark (the stream places it between them). */
  private async openChunk(afterPermitId: string): Promise<void> {
    const id = randomUUID();
    await this.bureau.writeWatermark(id, 'low');
    const rows = await this.bureau.readChunk(afterPermitId, this.settings.chunkSize);
    await this.bureau.writeWatermark(id, 'high');
    this.chunk = {
      id,
      rows: new Map(rows.map((row) => [row.permitId, row.document])),
      lastPermitId: rows.at(-1)?.permitId ?? afterPermitId,
      last: rows.length < this.settings.chunkSize,
      windowOpen: false,
    };
  }
}

/** Each record's newest version sent; a refused version is not what the hub holds, so the next change is compared with the last one sent. */
function latestSent(changes: readonly PermitChange[], refused: readonly LocalRefusal[]): PermitRecord[] {
  const refusedVersions = new Set(refused.map((refusal) => `${refusal.recordId}@${refusal.recordVersion}`));
  const sent = changes.filter(({ record }) => !refusedVersions.has(`${record.recordId}@${record.version}`));
  return [...new Map(sent.map(({ record }) => [record.recordId, record])).values()];
}
