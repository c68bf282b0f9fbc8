import { describe, expect, it } from '@jest/globals';
import { actInChunks, ChunkedActionError, readChunkAnswer, type ChunkAnswer } from './act-in-chunks.js';

/** A hub with `dead` dead letters; `comesBack` of each chunk fail again at once and are dead letters again by the next call. */
function fakeHub(dead: number, comesBack = 0) {
  const limits: number[] = [];
  let left = dead;
  let returning = 0;
  const act = (limit: number): Promise<ChunkAnswer> => {
    limits.push(limit);
    left += returning;
    const acted = Math.min(limit, left);
    left -= acted;
    returning = Math.min(comesBack, acted);
    return Promise.resolve({ acted, remaining: left });
  };
  return { act, limits };
}

const progressOf = () => {
  const seen: [number, number][] = [];
  return { seen, onProgress: (done: number, total: number) => seen.push([done, total]) };
};

describe('bulk actions in chunks', () => {
  it('sends chunk after chunk until nothing remains, the total fixed by the first answer', async () => {
    const hub = fakeHub(7);
    const { seen, onProgress } = progressOf();
    expect(await actInChunks(hub.act, 3, onProgress)).toEqual({ done: 7, remaining: 0 });
    expect(hub.limits).toEqual([3, 3, 1]);
    expect(seen).toEqual([
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
  });

  it('sends one request when the first chunk takes everything, and reports an empty selection as done', async () => {
    const hub = fakeHub(2);
    expect(await actInChunks(hub.act, 100, () => undefined)).toEqual({ done: 2, remaining: 0 });
    expect(hub.limits).toEqual([100]);
    const empty = fakeHub(0);
    const { seen, onProgress } = progressOf();
    expect(await actInChunks(empty.act, 100, onProgress)).toEqual({ done: 0, remaining: 0 });
    expect(seen).toEqual([[0, 0]]);
  });

  it('asks for no more than the first total when redriven deliveries keep coming back as dead letters', async () => {
    const hub = fakeHub(5, 1);
    expect(await actInChunks(hub.act, 2, () => undefined)).toEqual({ done: 5, remaining: 2 });
    expect(hub.limits).toEqual([2, 2, 1]);
  });

  it('stops when a chunk acts on nothing though some remain', async () => {
    const limits: number[] = [];
    const answers: ChunkAnswer[] = [
      { acted: 2, remaining: 4 },
      { acted: 0, remaining: 4 },
    ];
    const act = (limit: number) => {
      limits.push(limit);
      return Promise.resolve(answers.shift() ?? { acted: 1, remaining: 0 });
    };
    expect(await actInChunks(act, 2, () => undefined)).toEqual({ done: 2, remaining: 4 });
    expect(limits).toEqual([2, 2]);
  });

  it('says how many were done when a request fails part-way', async () => {
    let calls = 0;
    const act = (): Promise<ChunkAnswer> =>
      ++calls < 3 ? Promise.resolve({ acted: 2, remaining: 8 - 2 * calls }) : Promise.reject(new Error('HTTP 503 UNAVAILABLE: try later'));
    const failure = await actInChunks(act, 2, () => undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChunkedActionError);
    expect(failure).toMatchObject({ done: 4, total: 8, message: 'stopped after 4 of 8: HTTP 503 UNAVAILABLE: try later' });
    const first = await actInChunks(
      () => Promise.reject(new Error('Cannot reach the hub')),
      2,
      () => undefined,
    ).catch((e: unknown) => e);
    expect(first).toMatchObject({ done: 0, total: undefined, message: 'stopped after 0: Cannot reach the hub' });
  });

  it('reads a chunk answer by its count key, and refuses an answer without remaining', () => {
    expect(readChunkAnswer({ redriven: 3, remaining: 2 }, 'redriven')).toEqual({ acted: 3, remaining: 2 });
    expect(readChunkAnswer({ discarded: 0, remaining: 0 }, 'discarded')).toEqual({ acted: 0, remaining: 0 });
    expect(() => readChunkAnswer({ redriven: 3 }, 'redriven')).toThrow('not { "redriven": n, "remaining": m }');
    expect(() => readChunkAnswer({ redriven: -1, remaining: 0 }, 'redriven')).toThrow('remaining');
    expect(() => readChunkAnswer(undefined, 'discarded')).toThrow('the hub answered undefined');
  });
});
