import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import pg from 'pg';
import { listenWithReconnect } from './listen-with-reconnect.js';
import { createTestDatabase } from './test-database.js';

/** The listener against the real PostgreSQL: it hears NOTIFY, and listens again after its connection is killed. */
describe('listenWithReconnect', () => {
  let database: { url: string; drop: () => Promise<void> };
  let admin: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'listen');
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  it('calls back on each notification, and after a lost connection listens again and says so', async () => {
    const channel = `listen_test_${randomBytes(4).toString('hex')}`;
    const applicationName = `${channel}_app`;
    const warnings: string[] = [];
    let notified = 0;
    let listening = 0;
    const listener = await listenWithReconnect({
      databaseUrl: database.url,
      channel,
      applicationName,
      onNotification: () => (notified += 1),
      onListening: () => (listening += 1),
      meanwhile: 'polling',
      reconnectDelayMs: 50,
      logger: { warn: ({ message }) => warnings.push(message) },
    });
    try {
      expect(listening).toBe(1);
      await admin.query(`NOTIFY ${channel}`);
      await waitUntil('the first notification', () => notified === 1);

      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      await waitUntil('listening again', () => listening === 2);
      expect(warnings).toEqual([expect.stringContaining(`${channel} LISTEN connection lost; polling until it is back`)]);
      await admin.query(`NOTIFY ${channel}`);
      await waitUntil('a notification after the reconnect', () => notified === 2);
    } finally {
      await listener.stop();
    }
    await waitUntil('the connection closed', async () => {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      return rowCount === 0;
    });
  });

  it('keeps trying while the database refuses the connection', async () => {
    const warnings: string[] = [];
    const listener = await listenWithReconnect({
      databaseUrl: database.url.replace(/\/[^/]+$/, '/listen_test_missing'),
      channel: 'listen_test_refused',
      applicationName: 'listen_test_refused',
      onNotification: () => undefined,
      meanwhile: 'polling',
      reconnectDelayMs: 20,
      logger: { warn: ({ message }) => warnings.push(message) },
    });
    await waitUntil('a second attempt', () => warnings.length >= 2);
    await listener.stop();
    expect(warnings[0]).toBe('cannot LISTEN on listen_test_refused; polling until it can');
  });
});
