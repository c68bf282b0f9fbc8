import type { SliceRun } from './bench-result.js';
import { cpuPerEvent, cpuSnapshot, describeCpuPerEvent } from './cpu-usage.js';
import type { LatencyPhaseContext } from './latency-phase.js';

/**
 * The slice: `payloads` signed and serialized into requests of `batchSize` before the clock starts
 * (the client is not what is measured), posted `concurrency` at a time, timed until the adapter has
 * recorded the last event. Any answer but 202 fails the run: a slice with lost events has no rate.
 * With `measured` (the hub's and the adapter's processes), it also reports the CPU time each part
 * of the run used per event over the same stretch (see cpuSnapshot): a figure that moves far less
 * with the machine's other load than the rate does.
 */
export async function runSlice(
  context: Pick<LatencyPhaseContext, 'post' | 'sign' | 'drain' | 'log'>,
  label: string,
  payloads: readonly Record<string, unknown>[],
  batchSize: number,
  concurrency: number,
  measured: readonly { name: string; pid: number }[] = [],
): Promise<SliceRun> {
  context.log(`signing ${payloads.length} events before the clock starts`);
  const signed = payloads.map((event) => context.sign(event));
  const bodies: Buffer[] = [];
  for (let start = 0; start < signed.length; start += batchSize) {
    bodies.push(Buffer.from(JSON.stringify({ events: signed.slice(start, start + batchSize) })));
  }
  context.log(
    `${label}: ${payloads.length} events in HTTP batches of ${batchSize}, ${concurrency} requests in flight, until the adapter has recorded all`,
  );
  const cpuBefore = measured.length > 0 ? cpuSnapshot(measured) : undefined;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let body = bodies[next++]; body; body = bodies[next++]) {
        const answer = await context.post(body);
        if (answer.status !== 202) throw new Error(`the hub answered ${answer.status}: ${answer.text}`);
      }
    }),
  );
  const acceptedAfterSeconds = (performance.now() - started) / 1000;
  await context.drain(payloads.length, `every ${label} event recorded by the adapter`);
  const seconds = (performance.now() - started) / 1000;
  context.log(
    `  ${(payloads.length / seconds).toFixed(0)} events/s end to end ` +
      `(all accepted by the hub after ${acceptedAfterSeconds.toFixed(1)} s, all recorded after ${seconds.toFixed(1)} s)`,
  );
  if (!cpuBefore) return { events: payloads.length, seconds, acceptedAfterSeconds };
  const cpuMsPerEvent = cpuPerEvent(cpuBefore, cpuSnapshot(measured), payloads.length);
  context.log(`  CPU ms per event: ${describeCpuPerEvent(cpuMsPerEvent)}`);
  return { events: payloads.length, seconds, acceptedAfterSeconds, cpuMsPerEvent };
}
