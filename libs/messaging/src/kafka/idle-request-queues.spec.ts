import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { quietIdleRequestQueues } from './idle-request-queues.js';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

// kafkajs' own class, as its connections use it (not a stand-in).
const RequestQueueClass = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as {
  new (options: object): RequestQueue;
  prototype: RequestQueue;
};
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const aQueue = (): RequestQueue =>
  new RequestQueueClass({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: '127.0.0.1:9092',
    logger: silent,
  });

/** The timer the queue set for its next check, cleared so the spec leaves nothing running. */
function scheduled(queue: RequestQueue): boolean {
  const timer = queue.throttleCheckTimeoutId;
  if (timer === null) return false;
  clearTimeout(timer);
  queue.throttleCheckTimeoutId = null;
  return true;
}

describe('quietIdleRequestQueues (kafkajs RequestQueue)', () => {
  it('is needed: as released, an idle queue schedules its next check after every check, with a negative delay', () => {
    const queue = aQueue();
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((callback: () => void, delay: number) => {
      delays.push(delay);
      return realSetTimeout(callback, 60_000);
    }) as typeof setTimeout;
    try {
      queue.checkPendingRequests();
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(scheduled(queue)).toBe(true);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThan(-1_000_000_000);
  });

  it('then schedules nothing for an idle queue, and schedules queued or throttled requests as before', () => {
    quietIdleRequestQueues();
    const idle = aQueue();
    idle.checkPendingRequests();
    expect(scheduled(idle)).toBe(false);

    const throttled = aQueue();
    throttled.throttledUntil = Date.now() + 5_000;
    throttled.checkPendingRequests();
    expect(scheduled(throttled)).toBe(true);

    // A request that could not be sent at once (throttled or too many in flight) waits in `pending`.
    const waiting = aQueue();
    waiting.pending.push({});
    waiting.scheduleCheckPendingRequests();
    expect(scheduled(waiting)).toBe(true);
  });

  it('is applied once however often it is called', () => {
    const patched = RequestQueueClass.prototype.scheduleCheckPendingRequests;
    quietIdleRequestQueues();
    expect(RequestQueueClass.prototype.scheduleCheckPendingRequests).toBe(patched);
  });
});
