import { readdirSync, readFileSync } from 'node:fs';
import { processTree } from './measure.js';

/** CPU time used so far (user + system, ms) by each process group, and by the whole machine. */
export interface CpuSnapshot {
  readonly byGroup: ReadonlyMap<string, number>;
  /** Busy time of all cores together (everything but idle and iowait), from /proc/stat. */
  readonly machineMs: number;
}

/** CPU time per event of one timed stretch, in ms, by process group; `machine` counts every core's busy time. */
export type CpuPerEvent = Readonly<Record<string, number>>;

/** Clock ticks per second of /proc's time fields (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * user + system ticks of a /proc/<pid>/stat line (fields 14 and 15, counted after the command name),
 * plus those of its children that ended and were waited for (16 and 17). PostgreSQL's postmaster
 * reaps every backend that closes, so the live processes plus the reaped ones only ever grow,
 * however often the pools reconnect.
 */
export function ticksOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
}

/** The command name of a /proc/<pid>/stat line. */
export function commandOfStat(stat: string): string {
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
}

/** Busy ticks of all cores from the first line of /proc/stat (user nice system idle iowait irq softirq steal …). */
export function busyTicksOfProcStat(text: string): number {
  const [, ...values] = (text.split('\n')[0] ?? '').trim().split(/\s+/);
  const ticks = values.slice(0, 8).map(Number);
  return ticks.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
}

/**
 * What each part of the run has used so far: the named processes with everything they started
 * (a clustered API's workers), every PostgreSQL server process (the hub's and the adapter's
 * databases, on this machine), the Kafka broker (java), this process (the load generator), and the
 * machine as a whole. On a machine doing nothing else, the groups add up to nearly all of it.
 */
export function cpuSnapshot(named: readonly { name: string; pid: number }[]): CpuSnapshot {
  const byGroup = new Map<string, number>();
  const add = (group: string, ticks: number): void => {
    byGroup.set(group, (byGroup.get(group) ?? 0) + (ticks * 1000) / TICKS_PER_SECOND);
  };
  const claimed = new Set<number>();
  for (const { name, pid } of named) {
    for (const member of processTree(pid)) {
      const stat = statOf(member);
      if (stat === undefined) continue;
      claimed.add(member);
      add(name, ticksOfStat(stat));
    }
  }
  claimed.add(process.pid);
  const own = statOf(process.pid);
  if (own !== undefined) add('load generator', ticksOfStat(own));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || claimed.has(Number(entry))) continue;
    const stat = statOf(Number(entry));
    if (stat === undefined) continue;
    const command = commandOfStat(stat);
    if (command === 'postgres') add('postgres', ticksOfStat(stat));
    else if (command === 'java') add('kafka', ticksOfStat(stat));
  }
  return { byGroup, machineMs: (busyTicksOfProcStat(readFileSync('/proc/stat', 'utf8')) * 1000) / TICKS_PER_SECOND };
}

/**
 * CPU ms per event between two snapshots, by group, rounded to 3 decimals. A process that ended
 * between them counts through its parent (see ticksOfStat).
 */
export function cpuPerEvent(before: CpuSnapshot, after: CpuSnapshot, events: number): CpuPerEvent {
  const result: Record<string, number> = {};
  for (const [group, ms] of after.byGroup) {
    const used = Math.max(0, ms - (before.byGroup.get(group) ?? 0));
    result[group] = Number((used / events).toFixed(3));
  }
  result['machine'] = Number((Math.max(0, after.machineMs - before.machineMs) / events).toFixed(3));
  return result;
}

/** One line for the log: each group's ms per event, then the machine's. */
export function describeCpuPerEvent(cpu: CpuPerEvent): string {
  return Object.entries(cpu)
    .map(([group, ms]) => `${group} ${ms.toFixed(3)}`)
    .join(', ');
}

function statOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}
