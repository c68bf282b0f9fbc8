import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startIdleCollection, type Collector, type IdleCollection } from '@hub/observability';

// V8's own collector, as --expose-gc gives it to the apps (config/node-flags); Jest runs without that flag.
setFlagsFromString('--expose-gc');
const v8Collector = runInNewContext('gc') as Collector & (() => void);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full collections that V8 reports while `during` runs. */
async function majorCollectionsDuring(during: () => Promise<void>): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) count += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    await during();
    // The observer hears of the last collections on a later turn.
    await sleep(50);
  } finally {
    observer.disconnect();
  }
  return count;
}

describe('startIdleCollection', () => {
  let running: IdleCollection | undefined;
  afterEach(() => {
    running?.stop();
    running = undefined;
  });

  it('starts nothing when the process runs without --expose-gc', () => {
    expect(startIdleCollection(50, undefined)).toBeUndefined();
  });

  it('has V8 run a full, concurrent collection when a quiet process has run none since the last check', async () => {
    const asked: unknown[] = [];
    const collector: Collector = (options) => {
      asked.push(options);
      return v8Collector(options);
    };
    const seen = await majorCollectionsDuring(async () => {
      running = startIdleCollection(200, collector);
      await sleep(1_300);
    });
    // Asked at the first check, and at every second one after (the collection it asked for counts as one).
    expect(asked.length).toBeGreaterThanOrEqual(2);
    expect(asked).toEqual(asked.map(() => ({ type: 'major', execution: 'async' })));
    expect(running?.requested()).toBe(asked.length);
    // V8 did run them, and the collection heard of each.
    expect(seen).toBeGreaterThanOrEqual(asked.length);
    expect(running?.majorCollections()).toBeGreaterThanOrEqual(asked.length);
  });

  it('never asks a process that runs full collections by itself', async () => {
    const asked: unknown[] = [];
    running = startIdleCollection(200, (options) => {
      asked.push(options);
    });
    // A busy process: V8 runs a full collection more often than the check comes round.
    const busy = setInterval(() => v8Collector(), 40);
    try {
      await sleep(1_100);
    } finally {
      clearInterval(busy);
    }
    expect(running?.majorCollections()).toBeGreaterThanOrEqual(10);
    expect(asked).toEqual([]);
  });

  it('stops checking and listening once stopped', async () => {
    const asked: unknown[] = [];
    const stopped = startIdleCollection(50, (options) => {
      asked.push(options);
    });
    expect(stopped).toBeDefined();
    stopped?.stop();
    const before = stopped?.majorCollections();
    v8Collector();
    await sleep(300);
    expect(asked).toEqual([]);
    expect(stopped?.majorCollections()).toBe(before);
  });
});
