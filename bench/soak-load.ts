import { aWorkPermitIssuedEvent } from '@hub/testing';
import { dueAtMs } from './fixed-load.js';

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
 * but signs each request's events as it falls due instead of all of them up front, so an hour's run
 * does not hold millions of events in memory. Every event is a new permit for a new person.
 */
export function offerSoakLoad(
  rate: number,
  seconds: number,
  eventsPerRequest: number,
  post: (body: unknown) => Promise<{ status: number; text: string }>,
  sign: <T extends object>(event: T) => T,
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
        const chunk = Array.from({ length: size }, () => sign(aWorkPermitIssuedEvent()));
        for (const event of chunk) state.pending.set(String(event['id']), started + due);
        state.sent += size;
        inFlight += 1;
        void post(size === 1 ? chunk[0] : { events: chunk })
          .then(
            (answer) =>
              answer.status === 202 ? accept(state, size) : refuse(state, chunk, `${answer.status} ${answer.text.slice(0, 300)}`),
            (error: unknown) => refuse(state, chunk, error instanceof Error ? error.message : String(error)),
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

function refuse(state: SoakLoadState, chunk: readonly Record<string, unknown>[], why: string): void {
  state.rejected += chunk.length;
  state.firstRejection ??= why;
  for (const event of chunk) state.pending.delete(String(event['id']));
}
