import { readFileSync } from 'node:fs';
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { percentile, processTree } from './measure.js';
import type { SoakLoadState } from './soak-load.js';
import type { SoakSample } from './soak-sample.js';

/** What the sampler reads: the processes, the adapter's and the hub's databases, the broker, the load. */
export interface SamplerSources {
  readonly processes: readonly { readonly name: string; readonly pid: number }[];
  readonly psb: pg.Client;
  readonly hub: pg.Client;
  readonly admin: Admin;
  readonly groupId: string;
  readonly load: SoakLoadState;
  /** When the load started, ms since the epoch. */
  readonly startedAt: number;
}

/** Counters at the previous sample, to turn totals into rates over the window. */
export interface SamplerMark {
  readonly at: number;
  readonly sent: number;
  readonly accepted: number;
  readonly recorded: number;
}

/** Takes one sample; returns it with the mark the next sample's window starts from. */
export async function takeSample(sources: SamplerSources, previous: SamplerMark): Promise<{ sample: SoakSample; mark: SamplerMark }> {
  const latencies = await latenciesRecordedSince(sources.psb, sources.load.pending);
  const [consumerLag, outboxDepth] = await Promise.all([lagOf(sources.admin, sources.groupId), countOutbox(sources.hub)]);
  const at = Date.now();
  const mark = {
    at,
    sent: sources.load.sent,
    accepted: sources.load.accepted,
    recorded: previous.recorded + latencies.length,
  };
  const windowSeconds = Math.max(0.001, (at - previous.at) / 1000);
  const perSecond = (now: number, before: number): number => Math.round(((now - before) / windowSeconds) * 10) / 10;
  const sorted = latencies.sort((a, b) => a - b);
  const sample: SoakSample = {
    seconds: Math.round((at - sources.startedAt) / 100) / 10,
    rssMiB: Object.fromEntries(sources.processes.map((p) => [p.name, rssOfTreeMiB(p.pid)])),
    recordedEvents: latencies.length,
    p50Ms: sorted.length > 0 ? Math.round(percentile(sorted, 50)) : null,
    p99Ms: sorted.length > 0 ? Math.round(percentile(sorted, 99)) : null,
    consumerLag,
    outboxDepth,
    offeredPerSecond: perSecond(mark.sent, previous.sent),
    acceptedPerSecond: perSecond(mark.accepted, previous.accepted),
    recordedPerSecond: perSecond(mark.recorded, previous.recorded),
  };
  return { sample, mark };
}

/**
 * The latency of each pending event the adapter has recorded since the last look (due time → its
 * inbox row's received_at), removing them from `pending`. Looked up by primary key, so the cost
 * stays the same however long the run and the inbox grow.
 */
async function latenciesRecordedSince(psb: pg.Client, pending: Map<string, number>): Promise<number[]> {
  const ids = [...pending.keys()];
  if (ids.length === 0) return [];
  const rows = await psb.query<{ id: string; at: number }>(
    'SELECT event_id::text AS id, (extract(epoch FROM received_at) * 1000)::float8 AS at FROM inbox WHERE event_id = ANY($1::uuid[])',
    [ids],
  );
  const latencies: number[] = [];
  for (const row of rows.rows) {
    const due = pending.get(row.id);
    if (due === undefined) continue;
    latencies.push(Number(row.at) - due);
    pending.delete(row.id);
  }
  return latencies;
}

/** Records on the group's topics past its committed offsets (from the earliest offset where it committed none). */
export async function lagOf(admin: Admin, groupId: string): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId });
  let lag = 0;
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const end of ends) {
      const offset = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      lag += Math.max(0, Number(end.high) - (offset >= 0 ? offset : Number(end.low)));
    }
  }
  return lag;
}

async function countOutbox(hub: pg.Client): Promise<number> {
  return (await hub.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0]?.n ?? 0;
}

/** Resident set (VmRSS) of a process and the processes below it, in MiB; 0 once it has ended. */
export function rssOfTreeMiB(pid: number): number {
  let kb = 0;
  for (const member of processTree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Ended between listing and reading.
    }
  }
  return Math.round(kb / 102.4) / 10;
}
