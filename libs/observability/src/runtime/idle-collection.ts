import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** How often a process checks that a full collection ran since the last check (one minute). */
export const IDLE_COLLECTION_INTERVAL_MS = 60_000;

/** V8's collector as `--expose-gc` installs it (`globalThis.gc`), with the options V8 takes. */
export type Collector = (options: { type: 'major'; execution: 'async' }) => unknown;

/** A running idle collection: `majorCollections` counts the full collections seen, `requested` those it asked for. */
export interface IdleCollection {
  readonly majorCollections: () => number;
  readonly requested: () => number;
  /** The check the timer makes every interval, made now: asks for a collection when none was seen since the last check. */
  checkNow(): void;
  stop(): void;
}

/**
 * Full garbage collections for processes that are mostly idle.
 *
 * V8 starts a full (mark-compact) collection once the old generation has grown by a share of what
 * the last one left (`--heap-growing-percent` in config/node-flags) plus the young generation's size.
 * A busy process gets there every few seconds. A nearly idle one (the dispatcher, an adapter between
 * bursts) promotes a few hundred kilobytes a minute: Kafka fetches and heartbeats, SASL
 * re-authentication, pool checks. The next full collection is then hours away, and until it runs the dead
 * objects and the buffers they hold outside the heap stay resident: RSS climbs 10–15 MiB an hour
 * without a leak. Chrome gives V8 idle time for this; Node does not.
 *
 * So every `intervalMs` this asks V8 for one full collection, concurrent with the program (`async`),
 * when none ran since the last check (the one asked for counts: an idle process collects every second
 * interval). A process that collects by itself is never asked.
 * It needs `--expose-gc`, which config/node-flags sets for every hub and adapter process. Without it,
 * `collector` is undefined and nothing is started.
 */
export function startIdleCollection(
  intervalMs: number = IDLE_COLLECTION_INTERVAL_MS,
  collector: Collector | undefined = globalThis.gc,
): IdleCollection | undefined {
  if (typeof collector !== 'function') return undefined;
  let seen = 0;
  let seenAtLastCheck = 0;
  let requested = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (isMajorCollection(entry)) seen += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const check = (): void => {
    if (seen === seenAtLastCheck) {
      requested += 1;
      // A failure (thrown, or the promise `async` returns rejected) is V8's; the next check asks again.
      try {
        Promise.resolve(collector({ type: 'major', execution: 'async' })).catch(() => undefined);
      } catch {
        // Nothing to do: the process goes on, with its garbage, until the next check.
      }
    }
    seenAtLastCheck = seen;
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return {
    majorCollections: () => seen,
    requested: () => requested,
    checkNow: check,
    stop: () => {
      clearInterval(timer);
      observer.disconnect();
    },
  };
}

/** A `gc` performance entry of a full (mark-compact) collection. */
function isMajorCollection(entry: PerformanceEntry): boolean {
  return (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
}
