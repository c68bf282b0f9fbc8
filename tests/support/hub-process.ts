import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
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
