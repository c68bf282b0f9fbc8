import { BureauChanges, type CapturedKind, type CapturedRecord } from '../bureau-changes.js';

/** BureauChanges that commits the bureau's transactions inside a snapshot chunk's window: after the low watermark, after the chunk read. */
export class ChangesDuringSnapshot extends BureauChanges {
  afterLowWatermark: ((chunk: number) => Promise<void>) | undefined;
  afterChunkRead: ((chunk: number) => Promise<void>) | undefined;
  private chunks = 0;

  override async writeWatermark(chunk: string, edge: 'low' | 'high'): Promise<void> {
    await super.writeWatermark(chunk, edge);
    if (edge === 'low') {
      this.chunks += 1;
      await this.afterLowWatermark?.(this.chunks);
    }
  }

  override async readChunk(kind: CapturedKind, afterId: string, limit: number): Promise<CapturedRecord[]> {
    const rows = await super.readChunk(kind, afterId, limit);
    await this.afterChunkRead?.(this.chunks);
    return rows;
  }
}
