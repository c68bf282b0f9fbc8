import { createRequire } from 'node:module';

/** The part of kafkajs' per-connection RequestQueue (src/network/requestQueue) this module changes. */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

const QUIETED = Symbol.for('hub.kafkajs.idle-request-queues');

/**
 * Stops kafkajs 2.2.4 from polling every open connection's request queue once a millisecond.
 *
 * After each answer, `RequestQueue.checkPendingRequests` schedules itself again with
 * `setTimeout(check, throttledUntil - Date.now())`. With nothing throttled, `throttledUntil` is -1, so
 * the delay is minus the epoch time: Node warns once per process (`TimeoutNegativeWarning`) and runs
 * the check every millisecond, for every connection, for as long as the process lives (about 4 % of
 * a core per process, idle or not; kafkajs issues 1704 and 1751, not fixed in a release).
 *
 * The check has nothing to do when no request waits and no broker throttle runs: a request that
 * cannot be sent at once is queued by `push`, which schedules the check itself, and an answer
 * calls the check directly. So the schedule is skipped exactly then; queued or throttled requests
 * are scheduled as before. Applied once per process, to the RequestQueue every kafkajs client uses.
 */
export function quietIdleRequestQueues(): void {
  const require = createRequire(import.meta.url);
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueueInternals };
  const prototype = RequestQueue.prototype as RequestQueueInternals & { [QUIETED]?: true };
  if (prototype[QUIETED]) return;
  const { scheduleCheckPendingRequests: schedule } = prototype as { scheduleCheckPendingRequests: (this: RequestQueueInternals) => void };
  prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals): void {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
  prototype[QUIETED] = true;
}
