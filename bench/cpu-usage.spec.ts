import { describe, expect, it } from '@jest/globals';
import { busyTicksOfProcStat, commandOfStat, cpuPerEvent, cpuSnapshot, describeCpuPerEvent, ticksOfStat } from './cpu-usage.js';

describe('CPU accounting of the benchmark', () => {
  // A /proc/<pid>/stat line whose command holds a space and a parenthesis: utime 1234, stime 56,
  // and 700 + 10 of children it has waited for.
  const stat = '4242 (node (hub) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 56 700 10 20 0 11 0 500 1000 200';

  it("reads user + system ticks (its own and its ended children's) and the command of a /proc/<pid>/stat line", () => {
    expect(ticksOfStat(stat)).toBe(2000);
    expect(commandOfStat(stat)).toBe('node (hub) x');
  });

  it('counts every busy field of /proc/stat but idle and iowait', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    expect(busyTicksOfProcStat('cpu  100 2 30 5000 40 5 6 7 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')).toBe(150);
  });

  it("divides each group's CPU time between two snapshots by the events, and the machine's busy time too", () => {
    const before = {
      byGroup: new Map([
        ['hub-api', 1000],
        ['postgres', 500],
      ]),
      machineMs: 10_000,
    };
    const after = {
      byGroup: new Map([
        ['hub-api', 3000],
        ['postgres', 1500],
        ['kafka', 250],
      ]),
      machineMs: 16_000,
    };
    const cpu = cpuPerEvent(before, after, 2000);
    expect(cpu).toEqual({ 'hub-api': 1, postgres: 0.5, kafka: 0.125, machine: 3 });
    expect(describeCpuPerEvent(cpu)).toBe('hub-api 1.000, postgres 0.500, kafka 0.125, machine 3.000');
  });

  it('finds this process as the load generator and grows with the work it does', () => {
    const before = cpuSnapshot([]);
    // Spin until this process has used 100 ms of CPU by Node's own count, however busy the machine is.
    const start = process.cpuUsage();
    let spin = 0;
    while (cpuMsSince(start) < 100) spin += Math.sqrt(spin + 1);
    const after = cpuSnapshot([]);
    expect(spin).toBeGreaterThan(0);
    expect((after.byGroup.get('load generator') ?? 0) - (before.byGroup.get('load generator') ?? 0)).toBeGreaterThanOrEqual(50);
    expect(after.machineMs).toBeGreaterThan(before.machineMs);
  });
});

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
