import { aWorkPermitIssuedEvent } from '@hub/testing';

/** What an offered load did: when each accepted event was due (ms since the epoch, by event id), and what was refused. */
export interface OfferedLoad {
  readonly sentAt: Map<string, number>;
  /** Events in requests the hub did not accept (any answer but 202, or no answer). */
  readonly rejectedEvents: number;
  /** The first refusal's answer, so a run that sheds load says why. */
  readonly firstRejection: string | undefined;
  /** How far behind its schedule the generator sent at worst: above a few ms, it was the bottleneck. */
  readonly generatorBehindMs: number;
}

/** The moment (ms after the start) a request is due: when the last of its events falls due at `rate` per second. */
export function dueAtMs(eventsBefore: number, eventsInRequest: number, rate: number): number {
  return ((eventsBefore + eventsInRequest) * 1000) / rate;
}

/**
 * Offers `rate` events per second for `seconds`, open-loop: requests go out on schedule whether or
 * not earlier ones have returned, so a slow hub shows as latency instead of a lower offered load.
 * Each event's latency counts from when its request was due, not when the generator got to it, so
 * a stalled generator does not hide the wait (coordinated omission).
 */
export async function offerFixedLoad(
  rate: number,
  seconds: number,
  eventsPerRequest: number,
  post: (body: unknown) => Promise<{ status: number; text: string }>,
  sign: <T extends object>(event: T) => T,
): Promise<OfferedLoad> {
  const total = rate * seconds;
  // Signed before the clock starts: the load generator's signing is not the hub's latency.
  const events = Array.from({ length: total }, () => sign(aWorkPermitIssuedEvent()));
  const sentAt = new Map<string, number>();
  const inFlight: Promise<void>[] = [];
  let rejectedEvents = 0;
  let firstRejection: string | undefined;
  let generatorBehindMs = 0;
  const refuse = (chunk: readonly Record<string, unknown>[], why: string): void => {
    rejectedEvents += chunk.length;
    firstRejection ??= why;
    for (const event of chunk) sentAt.delete(String(event['id']));
  };
  const started = Date.now();
  for (let sent = 0; sent < total;) {
    const elapsed = Date.now() - started;
    while (sent < total && dueAtMs(sent, Math.min(eventsPerRequest, total - sent), rate) <= elapsed) {
      const chunk = events.slice(sent, sent + eventsPerRequest);
      const due = dueAtMs(sent, chunk.length, rate);
      sent += chunk.length;
      generatorBehindMs = Math.max(generatorBehindMs, elapsed - due);
      for (const event of chunk) sentAt.set(String(event['id']), started + due);
      inFlight.push(
        post(eventsPerRequest === 1 ? chunk[0] : { events: chunk }).then(
          (answer) => (answer.status === 202 ? undefined : refuse(chunk, `${answer.status} ${answer.text.slice(0, 300)}`)),
          (error: unknown) => refuse(chunk, error instanceof Error ? error.message : String(error)),
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  return { sentAt, rejectedEvents, firstRejection, generatorBehindMs };
}
