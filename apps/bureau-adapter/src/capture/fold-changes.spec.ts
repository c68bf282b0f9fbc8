import { describe, expect, it } from '@jest/globals';
import type { ApplicationDocument } from '../applications/application-document.js';
import type { CapturedChange, CapturedRecord } from './bureau-changes.js';
import { foldChanges, type OpenChunk, type SyncItem } from './fold-changes.js';
import type { PermitDocument } from './permit-document.js';

const doc = (permitId: number, version: number): PermitDocument => ({ permitId, version }) as PermitDocument;
const permit = (permitId: number, version: number): CapturedRecord => ({
  kind: 'permit',
  id: String(permitId),
  document: doc(permitId, version),
});
const change = (seq: number, permitId: number, version: number): CapturedChange => ({ seq: BigInt(seq), ...permit(permitId, version) });
const applicationChange = (seq: number, applicationId: number, version: number): CapturedChange => ({
  seq: BigInt(seq),
  kind: 'application',
  id: String(applicationId),
  document: { applicationId, version } as ApplicationDocument,
});
const mark = (seq: number, chunk: string, edge: 'low' | 'high'): CapturedChange => ({ seq: BigInt(seq), kind: 'watermark', chunk, edge });
const chunk = (ids: number[], last = false): OpenChunk => ({
  id: 'c1',
  kind: 'permit',
  rows: new Map(ids.map((id) => [String(id), permit(id, 1)])),
  lastId: String(ids.at(-1)),
  last,
  windowOpen: false,
});
const order = (items: SyncItem[]): string[] =>
  items.map((item) => `${item.origin}:${item.kind === 'application' ? 'a' : ''}${item.id}@${item.document?.version}`);

describe('foldChanges', () => {
  it('emits the chunk at its high watermark, less the permits changed inside the window', () => {
    const folded = foldChanges(
      [change(1, 3, 2), mark(2, 'c1', 'low'), change(3, 2, 2), mark(4, 'c1', 'high'), change(5, 1, 2)],
      chunk([1, 2, 3]),
      0n,
    );
    expect(order(folded.items)).toEqual(['change:3@2', 'change:2@2', 'snapshot:1@1', 'snapshot:3@1', 'change:1@2']);
    expect(folded.snapshot).toEqual({ kind: 'permit', afterId: '3', records: 2, done: false });
    expect(folded.chunk).toBeUndefined();
    expect(folded.position).toBe(5n);
  });

  it('keeps a chunk whose high watermark is in a later batch, with its window state', () => {
    const folded = foldChanges([mark(7, 'c1', 'low'), change(8, 1, 2)], chunk([1, 2], true), 6n);
    expect(folded.chunk?.windowOpen).toBe(true);
    expect([...(folded.chunk?.rows.keys() ?? [])]).toEqual(['2']);
    const rest = foldChanges([mark(9, 'c1', 'high')], folded.chunk, folded.position);
    expect(order(rest.items)).toEqual(['snapshot:2@1']);
    expect(rest.snapshot).toEqual({ kind: 'permit', afterId: '2', records: 1, done: true });
  });

  it("passes over another chunk's watermarks (a run that stopped mid-chunk) and keeps the position of an empty batch", () => {
    const folded = foldChanges([mark(3, 'old', 'low'), change(4, 1, 5), mark(5, 'old', 'high')], chunk([1]), 2n);
    expect(order(folded.items)).toEqual(['change:1@5']);
    expect(folded.chunk?.rows.size).toBe(1);
    expect(foldChanges([], undefined, 9n).position).toBe(9n);
  });

  it("takes out of a chunk only the changes of its own kind: an application's change leaves the permit of the same id in it", () => {
    const folded = foldChanges(
      [mark(1, 'c1', 'low'), applicationChange(2, 2, 3), change(3, 1, 2), mark(4, 'c1', 'high')],
      chunk([1, 2]),
      0n,
    );
    expect(order(folded.items)).toEqual(['change:a2@3', 'change:1@2', 'snapshot:2@1']);
    expect(folded.snapshot).toEqual({ kind: 'permit', afterId: '2', records: 1, done: false });
  });
});
