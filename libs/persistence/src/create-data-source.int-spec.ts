import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { createDataSource } from './create-data-source.js';
import { createTestDatabase } from './test-database.js';

/** Session settings of a data source's pool, against the real PostgreSQL. */
describe('createDataSource session settings', () => {
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'session_settings');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('applies them to every connection of the pool, and leaves the server defaults without them', async () => {
    const settings = { url: database.url, applicationName: 'session-settings-test', entities: [], migrations: [], poolSize: 2 };
    const plain = await createDataSource(settings).initialize();
    const tuned = await createDataSource({ ...settings, sessionSettings: { jit: 'off', work_mem: '8MB' } }).initialize();
    try {
      const show = (rows: { jit: string; work_mem: string }[]) => rows[0];
      const both = 'SELECT current_setting($1) AS jit, current_setting($2) AS work_mem';
      // Two connections at once, so the pool's second one is asked too.
      const answers = await Promise.all([0, 1].map(() => tuned.transaction((tx) => tx.query(both, ['jit', 'work_mem']).then(show))));
      expect(answers).toEqual([
        { jit: 'off', work_mem: '8MB' },
        { jit: 'off', work_mem: '8MB' },
      ]);
      const [serverJit] = await plain.query<{ jit: string }[]>(`SELECT reset_val AS jit FROM pg_settings WHERE name = 'jit'`);
      const current = show(await plain.query(both, ['jit', 'work_mem']));
      expect(current?.jit).toBe(serverJit?.jit);
      expect(current?.work_mem).not.toBe('8MB');
    } finally {
      await plain.destroy();
      await tuned.destroy();
    }
  });

  it('refuses a setting that is not a plain name and value', () => {
    const settings = { url: database.url, applicationName: 'x', entities: [], migrations: [] };
    expect(() => createDataSource({ ...settings, sessionSettings: { jit: 'off -c role=postgres' } })).toThrow(/plain name and value/);
  });
});
