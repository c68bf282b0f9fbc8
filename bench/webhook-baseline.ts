import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { percentile } from './measure.js';

export interface LatencySummary {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** p50, p99 and max of a sample in milliseconds, rounded to 0.1 ms. */
export function summarize(sample: readonly number[]): LatencySummary {
  const sorted = [...sample].sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(sorted, p) * 10) / 10;
  return { p50Ms: at(50), p99Ms: at(99), maxMs: at(100) };
}

/**
 * The baseline: `count` POSTs of `body` to `url`, `concurrency` in flight over keep-alive
 * connections, each with the delivery and event id headers the endpoint signs its receipt for.
 */
export async function postLoop(
  url: string,
  body: string,
  count: number,
  concurrency: number,
): Promise<{ requests: number; seconds: number; perSecond: number; latency: LatencySummary }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < count) {
        sent += 1;
        const begun = performance.now();
        const status = await post(agent, url, body);
        if (status !== 200) throw new Error(`the endpoint answered ${status}`);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests: count,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(count / seconds),
    latency: summarize(latencies),
  };
}

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/cloudevents+json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'hub-delivery-id': randomUUID(),
          'hub-event-id': randomUUID(),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
