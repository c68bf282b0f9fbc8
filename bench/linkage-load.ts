import { readFileSync } from 'node:fs';
import type { Admin, Producer } from 'kafkajs';
import { dueAtMs } from './fixed-load.js';
import type { InboundDelivery } from './linkage-deliveries.js';

/** One second of the run as the sampler saw it. */
export interface LoadSample {
  /** Seconds since the load started. */
  readonly t: number;
  readonly offered: number;
  /** Records written to the topic and not yet committed by the consumer group. */
  readonly lagMessages: number;
  /** Age of the oldest record not yet committed (0 with no lag). */
  readonly lagSeconds: number;
  readonly rssMiB: number;
  /** CPU time the linkage process has used so far (user and system), seconds. */
  readonly cpuSeconds: number;
  /** Rows of linkage_inbox: events folded into chains. */
  readonly folded: number;
}

/** When each produced record was written: per partition, the base offsets of the sends in offset order. */
export class WrittenOffsets {
  private readonly runs = new Map<number, { from: number; at: number }[]>();

  add(partition: number, baseOffset: number, at: number): void {
    const list = this.runs.get(partition) ?? [];
    list.push({ from: baseOffset, at });
    list.sort((a, b) => a.from - b.from);
    this.runs.set(partition, list);
  }

  /** When the record at `offset` of `partition` was sent (the send with the greatest base offset at or below it). */
  writtenAt(partition: number, offset: number): number | undefined {
    const list = this.runs.get(partition) ?? [];
    let at: number | undefined;
    for (const run of list) {
      if (run.from > offset) break;
      at = run.at;
    }
    return at;
  }
}

/**
 * Writes `deliveries` onto `topic` at `rate` records a second (open-loop, in chunks every 100 ms,
 * keyed as the hub keys them so a subject stays on its partition), and returns when the last is
 * written, with the achieved rate and how far behind schedule the generator fell at worst.
 */
export async function offerDeliveries(
  producer: Producer,
  topic: string,
  deliveries: readonly InboundDelivery[],
  rate: number,
  written: WrittenOffsets,
  onSent: (count: number) => void,
): Promise<{ seconds: number; behindMs: number }> {
  const chunk = Math.max(1, Math.round(rate / 10));
  const started = Date.now();
  let behindMs = 0;
  let failure: Error | undefined;
  // At most a few sends in flight: a generator that fell behind catches up as fast as the broker takes it, without flooding it.
  const inFlight = new Set<Promise<void>>();
  for (let sent = 0; sent < deliveries.length && failure === undefined;) {
    const size = Math.min(chunk, deliveries.length - sent);
    const due = started + dueAtMs(sent, size, rate);
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= MAX_SENDS_IN_FLIGHT) await Promise.race(inFlight);
    behindMs = Math.max(behindMs, Date.now() - due);
    const messages = deliveries.slice(sent, sent + size).map((d) => ({ key: d.key, value: d.value, headers: { ...d.headers } }));
    sent += size;
    const at = Date.now();
    const send: Promise<void> = producer.send({ topic, acks: -1, messages }).then(
      (metadata) => {
        for (const entry of metadata) written.add(entry.partition, Number(entry.baseOffset), at);
        onSent(size);
      },
      (error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
      },
    );
    inFlight.add(send);
    void send.finally(() => inFlight.delete(send));
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return { seconds: (Date.now() - started) / 1000, behindMs };
}

const MAX_SENDS_IN_FLIGHT = 4;

/** The consumer group's lag on `topic`: records behind, and the age of the oldest one behind. */
export async function groupLag(
  admin: Admin,
  groupId: string,
  topic: string,
  written: WrittenOffsets,
  now: number,
): Promise<{ messages: number; seconds: number }> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  let messages = 0;
  let oldest = now;
  for (const end of ends) {
    const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
    const from = at === undefined || Number(at) < 0 ? Number(end.low) : Number(at);
    const behind = Number(end.high) - from;
    if (behind <= 0) continue;
    messages += behind;
    oldest = Math.min(oldest, written.writtenAt(end.partition, from) ?? now);
  }
  return { messages, seconds: messages === 0 ? 0 : Math.round(now - oldest) / 1000 };
}

/** VmRSS and VmHWM of a process in MiB, from /proc. */
export function rssOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string): number => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024);
  return { rssMiB: mib('VmRSS'), peakMiB: mib('VmHWM') };
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU seconds (user and system) a process has used, from /proc/<pid>/stat. On a machine shared with
 * other work, events folded per CPU second compare runs where events per wall-clock second cannot.
 */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}
