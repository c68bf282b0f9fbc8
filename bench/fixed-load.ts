import { aWorkPermitIssuedEvent } from '@hub/testing';

/**
 * Offers `rate` events per second for `seconds`, open-loop: requests go out on schedule whether or
 * not earlier ones have returned, so a slow hub shows as latency instead of a lower offered load.
 * Returns when each event was sent (ms since the epoch), by event id.
 */
export async function offerFixedLoad(
  rate: number,
  seconds: number,
  eventsPerRequest: number,
  post: (body: unknown) => Promise<void>,
  sign: <T extends object>(event: T) => T,
): Promise<Map<string, number>> {
  const total = rate * seconds;
  // Signed before the clock starts: the load generator's signing is not the hub's latency.
  const events = Array.from({ length: total }, () => sign(aWorkPermitIssuedEvent()));
  const sentAt = new Map<string, number>();
  const inFlight: Promise<void>[] = [];
  const started = Date.now();
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
    while (sent + eventsPerRequest <= due || (sent < due && due === total)) {
      const chunk = events.slice(sent, sent + eventsPerRequest);
      sent += chunk.length;
      const now = Date.now();
      for (const event of chunk) sentAt.set(String(event['id']), now);
      inFlight.push(post(eventsPerRequest === 1 ? chunk[0] : { events: chunk }));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(inFlight);
  return sentAt;
}
