import { readFileSync } from 'node:fs';
import { get, request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { waitUntil } from '@hub/testing';
import { testHubEnvironment } from './running-apps.js';

/** The built hub (`npm run build`) running as a child process, so a test can kill it like a crash would. */
export interface HubProcess {
  readonly url: string;
  readonly service: NodeService;
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `dist/apps/hub/src/main.js` on `databaseUrl` and `port` with the test settings (and
 * `env`), its output appended to `logFile`; resolves once `/health` answers 200.
 */
export async function startHubProcess(options: {
  databaseUrl: string;
  port: number;
  logFile: string;
  env?: Record<string, string>;
}): Promise<HubProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const service = startNodeService(
    'hub',
    join(repoRoot(), 'dist/apps/hub/src/main.js'),
    { ...testHubEnvironment(options.databaseUrl), HTTP_HOST: '127.0.0.1', HTTP_PORT: String(options.port), ...options.env },
    options.logFile,
  );
  let exited = false;
  void service.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !exited) {
    const status = await fetch(`${url}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return { url, service };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await service.kill();
  const tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-20).join('\n');
  throw new Error(`the hub process ${exited ? 'exited' : 'did not answer /health within 90 s'}; its log ends:\n${tail}`);
}

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
export async function pidsServing(url: string, count: number, except?: number): Promise<Set<number>> {
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

/** One request on a connection of its own (so a cluster may hand it to any of its processes): status and body. */
export function requestOnNewConnection(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.setTimeout(10_000, () => request.destroy(new Error(`no answer from ${url} within 10 s`)));
    request.on('error', reject);
    request.end(options.body);
  });
}
