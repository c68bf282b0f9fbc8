import { dueAtMs } from './fixed-load.js';
import type { RequestSource } from './presigned-requests.js';

/** What the load has done so far; the sampler reads it while the load runs. */
export interface SoakLoadState {
  /** Events sent, accepted (202) and in refused requests (any other answer, or none). */
  sent: number;
  accepted: number;
  rejected: number;
  firstRejection: string | undefined;
  /** How far behind its schedule the generator sent at worst: above a few ms, it was the bottleneck. */
  generatorBehindMs: number;
  /** Events sent and not yet seen recorded by the adapter: when each was due (ms since the epoch), by id. */
  readonly pending: Map<string, number>;
}

/**
 * Offers `rate` events per second for `seconds`, open-loop like the benchmark's fixed load (requests
 * go out on schedule whether or not earlier ones have returned; latency counts from the due time),
 * taking each request from `requests` as it falls due instead of holding all of them in memory, so
 * an hour's run does not keep millions of events. `PresignedRequestReader` reads them from a file
 * signed before the clock started; `signedOnDemand` signs them on the generator's clock.
 */
export function offerSoakLoad(
  rate: number,
  seconds: number,
  eventsPerRequest: number,
  post: (body: Buffer) => Promise<{ status: number; text: string }>,
  requests: RequestSource,
): { state: SoakLoadState; done: Promise<void> } {
  const state: SoakLoadState = { sent: 0, accepted: 0, rejected: 0, firstRejection: undefined, generatorBehindMs: 0, pending: new Map() };
  const total = Math.round(rate * seconds);
  const done = (async () => {
    let inFlight = 0;
    let allAnswered: () => void = () => undefined;
    const answered = (): void => {
      inFlight -= 1;
      if (inFlight === 0 && state.sent >= total) allAnswered();
    };
    const started = Date.now();
    while (state.sent < total) {
      const elapsed = Date.now() - started;
      while (state.sent < total && dueAtMs(state.sent, Math.min(eventsPerRequest, total - state.sent), rate) <= elapsed) {
        const size = Math.min(eventsPerRequest, total - state.sent);
        const due = dueAtMs(state.sent, size, rate);
        state.generatorBehindMs = Math.max(state.generatorBehindMs, elapsed - due);
        const { ids, body } = requests(size);
        for (const id of ids) state.pending.set(id, started + due);
        state.sent += size;
        inFlight += 1;
        void post(body)
          .then(
            (answer) => (answer.status === 202 ? accept(state, size) : refuse(state, ids, `${answer.status} ${answer.text.slice(0, 300)}`)),
            (error: unknown) => refuse(state, ids, error instanceof Error ? error.message : String(error)),
          )
          .finally(answered);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (inFlight > 0) await new Promise<void>((resolve) => (allAnswered = resolve));
  })();
  return { state, done };
}

function accept(state: SoakLoadState, size: number): void {
  state.accepted += size;
}

function refuse(state: SoakLoadState, ids: readonly string[], why: string): void {
  state.rejected += ids.length;
  state.firstRejection ??= why;
  for (const id of ids) state.pending.delete(id);
}
