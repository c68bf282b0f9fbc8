import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';

/** The pid of the process that answered one `/health` on a new connection (the cluster spreads connections). */
function answeringPid(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = get(`${url}/health`, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(response.statusCode === 200 ? (JSON.parse(body) as { pid: number }).pid : undefined));
    });
    // A connection handed to a process as it dies may never be answered.
    request.setTimeout(5_000, () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** The pids other than `except` that answer `/health`, once `count` of them have. */
async function pidsServing(url: string, count: number, except?: number): Promise<Set<number>> {
  const seen = new Set<number>();
  await waitUntil(
    `${count} API processes answering ${url}/health`,
    async () => {
      const pid = await answeringPid(url);
      if (pid !== undefined && pid !== except) seen.add(pid);
      return seen.size >= count;
    },
    120_000,
  );
  return seen;
}

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
