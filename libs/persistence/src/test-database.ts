import { randomBytes } from 'node:crypto';
import { databaseName, dropDatabase, ensureDatabase, withDatabase } from './ensure-database.js';

/**
 * Refuses any database whose name does not say it is a test database, so that a test run
 * pointed at the wrong URL can never drop or migrate real data.
 */
export function assertTestDatabase(url: string): void {
  const name = databaseName(url);
  if (!/(^|_)test(_|$)/.test(name)) {
    throw new Error(
      `Refusing to run tests against database "${name}": a test database's name must contain "test" as a word (e.g. hub_test_1a2b).`,
    );
  }
}

/** A fresh, uniquely named test database on the server of `serverUrl`; drop it when done. */
export async function createTestDatabase(serverUrl: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = withDatabase(serverUrl, `${label}_test_${randomBytes(4).toString('hex')}`);
  assertTestDatabase(url);
  await ensureDatabase(url);
  return {
    url,
    drop: async () => {
      assertTestDatabase(url);
      await dropDatabase(url);
    },
  };
}
