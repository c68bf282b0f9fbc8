import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startIdleCollection, type Collector, type IdleCollection } from '@hub/observability';

// V8's own collector, as --expose-gc gives it to the apps (config/node-flags); Jest runs without that flag.
setFlagsFromString('--expose-gc');
const v8Collector = runInNewContext('gc') as Collector & (() => void);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `condition` (gc performance entries reach observers on a later turn of the event loop). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** startIdleCollection with a collector given: never undefined. */
function started(intervalMs: number, collector: Collector): IdleCollection {
  const collection = startIdleCollection(intervalMs, collector);
  if (!collection) throw new Error('startIdleCollection started nothing although a collector was given');
  return collection;
}

// An hour between the timer's checks: the tests make them with checkNow, so V8's own collections
// (which may come at any time in a test worker) can only add to what a check sees, never race it.
const HOUR = 3_600_000;

describe('startIdleCollection', () => {
  let running: IdleCollection | undefined;
  afterEach(() => {
    running?.stop();
    running = undefined;
  });

  it('starts nothing when the process runs without --expose-gc', () => {
    expect(startIdleCollection(50, undefined)).toBeUndefined();
  });

  it('has V8 run a full, concurrent collection when none ran since the last check', async () => {
    const asked: unknown[] = [];
    const idle = started(HOUR, (options) => {
      asked.push(options);
      return v8Collector(options);
    });
    running = idle;
    idle.checkNow();
    const before = asked.length;
    const seen = idle.majorCollections();
    // Nothing can reach the observer between two checks made in one turn: the second finds none.
    idle.checkNow();
    expect(asked).toHaveLength(before + 1);
    expect(asked.at(-1)).toEqual({ type: 'major', execution: 'async' });
    expect(idle.requested()).toBe(asked.length);
    // V8 ran it, and the idle collection heard of it.
    await until(() => idle.majorCollections() > seen, 'the full collection asked for');
  });

  it('does not ask when the process ran a full collection since the last check', async () => {
    const asked: unknown[] = [];
    const busy = started(HOUR, (options) => {
      asked.push(options);
    });
    running = busy;
    for (let round = 0; round < 3; round += 1) {
      busy.checkNow();
      const before = asked.length;
      const seen = busy.majorCollections();
      // The process's own full collection, as a busy one runs every few seconds.
      v8Collector();
      await until(() => busy.majorCollections() > seen, 'the process’s own full collection');
      busy.checkNow();
      expect(asked).toHaveLength(before);
    }
  });

  it('goes on checking when the collector fails', () => {
    let calls = 0;
    const failing = started(HOUR, () => {
      calls += 1;
      if (calls === 1) throw new Error('refused');
      return Promise.reject(new Error('refused later'));
    });
    running = failing;
    failing.checkNow();
    failing.checkNow();
    failing.checkNow();
    expect(calls).toBe(3);
    expect(failing.requested()).toBe(3);
  });

  it('checks by itself every interval', async () => {
    const asked: unknown[] = [];
    running = started(50, (options) => {
      asked.push(options);
    });
    // Two checks without a collection in between ask at least once, whatever V8 does meanwhile.
    await until(() => asked.length >= 1, 'a check of the timer’s to ask');
    expect(asked[0]).toEqual({ type: 'major', execution: 'async' });
  });

  it('stops checking and listening once stopped', async () => {
    const asked: unknown[] = [];
    const stopped = started(50, (options) => {
      asked.push(options);
    });
    stopped.stop();
    const before = stopped.majorCollections();
    v8Collector();
    await sleep(300);
    expect(asked).toEqual([]);
    expect(stopped.majorCollections()).toBe(before);
  });
});
