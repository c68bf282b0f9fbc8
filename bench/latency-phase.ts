import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { summarizeLatency, type LatencyPhase } from './bench-result.js';
import { offerFixedLoad } from './fixed-load.js';

/** What a fixed-load phase needs of the running benchmark. */
export interface LatencyPhaseContext {
  readonly hubUrl: string;
  readonly psb: pg.Client;
  readonly post: (body: unknown) => Promise<{ status: number; text: string }>;
  readonly sign: <T extends object>(event: T) => T;
  /** Waits until the adapter has recorded `accepted` more events than before. */
  readonly drain: (accepted: number, what: string) => Promise<void>;
  readonly log: (text: string) => void;
}

/**
 * Offers `rate` events per second for `seconds` open-loop, waits until the adapter recorded every
 * accepted event, and times each from its request's due time to the hub's store
 * (events.received_at) and to the adapter's record (its inbox row's received_at). An overloaded
 * hub still gets its figures: the rate it achieved and the latency, marked overloaded.
 */
export async function measureLatency(
  context: LatencyPhaseContext,
  rate: number,
  seconds: number,
  eventsPerRequest: number,
  dumpFile?: string,
): Promise<LatencyPhase> {
  context.log(`latency: ${rate} events/s offered for ${seconds} s, ${eventsPerRequest} event(s) per request`);
  const load = await offerFixedLoad(rate, seconds, eventsPerRequest, context.post, context.sign);
  if (load.rejectedEvents > 0) context.log(`  the hub refused ${load.rejectedEvents} events; the first answer: ${load.firstRejection}`);
  await context.drain(load.sentAt.size, `every event offered at ${rate}/s recorded`);
  const ids = [...load.sentAt.keys()];
  const recordedAt = await timesById(
    context.psb,
    `SELECT event_id::text AS id, (extract(epoch FROM received_at) * 1000)::float8 AS at FROM inbox WHERE event_id = ANY($1::uuid[])`,
    ids,
  );
  const hub = new pg.Client({ connectionString: context.hubUrl });
  await hub.connect();
  const storedAt = await timesById(
    hub,
    `SELECT id::text AS id, (extract(epoch FROM received_at) * 1000)::float8 AS at FROM events WHERE id = ANY($1::uuid[])`,
    ids,
  ).finally(() => hub.end());
  if (dumpFile) {
    writeFileSync(dumpFile, [...recordedAt].map(([id, at]) => `${load.sentAt.get(id)} ${at - (load.sentAt.get(id) ?? 0)}`).join('\n'));
  }
  const phase = summarizeLatency(
    { sentAt: load.sentAt, storedAt, recordedAt },
    { offered: rate, eventsPerRequest, rejectedEvents: load.rejectedEvents, generatorBehindMs: load.generatorBehindMs },
  );
  const { publishToStored: stored, storedToRecorded: recorded } = phase.stages;
  context.log(
    `  p50 ${phase.p50Ms} ms, p99 ${phase.p99Ms} ms, max ${phase.maxMs} ms over ${phase.events} events; ` +
      `${phase.achievedEventsPerSecond} events/s achieved${phase.overloaded ? ' (overloaded: the latencies are queueing)' : ''}`,
  );
  context.log(
    `  of which publish → stored by the hub p50 ${stored.p50Ms} / p99 ${stored.p99Ms} ms, ` +
      `stored → recorded by the adapter p50 ${recorded.p50Ms} / p99 ${recorded.p99Ms} ms`,
  );
  return phase;
}

async function timesById(client: pg.Client, sql: string, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await client.query<{ id: string; at: number }>(sql, [ids]);
  return new Map(rows.rows.map((row) => [row.id, Number(row.at)]));
}
