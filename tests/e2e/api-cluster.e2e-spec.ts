import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { freePort, pidsServing, startHubProcess, type HubProcess } from '../support/hub-process.js';

/**
 * HUB_API_PROCESSES=2: the built hub as a child process, its API in two processes behind one port
 * (node:cluster). Both answer requests; an API process killed with SIGKILL is replaced by a new
 * one; SIGTERM stops every process of the hub.
 */
describe('the API in several processes behind one port', () => {
  const run = randomUUID().slice(0, 8);
  const logFile = join(repoRoot(), `.cache/test/logs/api-cluster-${run}.log`);
  let database: { url: string; drop(): Promise<void> };
  let hub: HubProcess;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'cluster');
    hub = await startHubProcess({ databaseUrl: database.url, port: await freePort(), logFile, env: { HUB_API_PROCESSES: '2' } });
  });
  afterAll(async () => {
    await hub?.service.stop();
    await database?.drop();
  });

  it('serves requests from both processes, replaces a killed one and stops all on SIGTERM', async () => {
    const first = await pidsServing(hub.url, 2);
    expect(first.size).toBe(2);
    expect(first.has(hub.service.process.pid ?? -1)).toBe(false);

    const victim = [...first][0] as number;
    process.kill(victim, 'SIGKILL');
    const replaced = await pidsServing(hub.url, 2, victim);
    expect(replaced.has(victim)).toBe(false);
    expect([...replaced].filter((pid) => !first.has(pid))).toHaveLength(1);

    await hub.service.stop();
    expect(await hub.service.exited).toBe(0);
    for (const pid of replaced) expect(isRunning(pid)).toBe(false);
  }, 300_000);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
