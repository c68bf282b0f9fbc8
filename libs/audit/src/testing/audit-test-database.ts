import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { AUDIT_ACTIONS, systemActor } from '../audit-entry.js';
import { hashAt, readAlgorithm, select, toSeq } from '../audit-store.js';
import { auditRowHash, auditTime, canonicalDetailJson } from '../canonical-encoding.js';
import { CreateAuditTrail1764170000000 } from '../migrations/1764170000000-create-audit-trail.js';
import { AddAuditLeaves1764410000000 } from '../migrations/1764410000000-add-audit-leaves.js';
import { PlainAuditFormatChecks1764880000000 } from '../migrations/1764880000000-plain-audit-format-checks.js';

/**
 * For the integration tests only (not exported by @hub/audit): a fresh `audit_test_*` database with
 * the audit migration applied, and ways to prepare and tamper with its rows as a superuser would.
 */
export interface AuditTestDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  /** Another connection pool on the same database, like a second hub process. */
  connect(poolSize?: number): Promise<DataSource>;
  drop(): Promise<void>;
}

export async function createAuditTestDatabase(serverUrl: string, poolSize = 10): Promise<AuditTestDatabase> {
  const database = await createTestDatabase(serverUrl, 'audit');
  const pools: DataSource[] = [];
  const connect = async (size = poolSize): Promise<DataSource> => {
    const dataSource = await createDataSource({
      url: database.url,
      applicationName: 'audit-test',
      entities: [],
      migrations: [CreateAuditTrail1764170000000, AddAuditLeaves1764410000000, PlainAuditFormatChecks1764880000000],
      poolSize: size,
    }).initialize();
    pools.push(dataSource);
    return dataSource;
  };
  const dataSource = await connect();
  await runMigrationsExclusively(dataSource);
  return {
    url: database.url,
    dataSource,
    connect,
    drop: async () => {
      await Promise.all(pools.map((pool) => pool.destroy()));
      await database.drop();
    },
  };
}

/**
 * Appends `count` rows dated `at` (1 ms apart), computing the chain in Node and inserting with the
 * sealing trigger disabled: the only way to get rows older than the retention into a test. The
 * rows chain onto the current head exactly as sealed rows would.
 */
export async function insertBackdatedRows(dataSource: DataSource, count: number, at: Date): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const algorithm = await readAlgorithm(manager);
    const [head] = await select<{ seq: string | null }>(
      manager,
      'SELECT greatest((SELECT max(seq) FROM audit_log), (SELECT max(through_seq) FROM audit_anchors))::text AS seq',
    );
    let seq = toSeq(head?.seq ?? 0);
    let prevHash = (await hashAt(manager, seq)) as Buffer;
    await manager.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_seal');
    for (let i = 0; i < count; i += 1) {
      seq += 1;
      const row = {
        seq,
        at: auditTime(new Date(at.getTime() + i)),
        actor: systemActor('backdated'),
        action: AUDIT_ACTIONS.adminAction,
        purpose: 'test',
        eventId: null,
        detail: canonicalDetailJson({ i }),
      };
      const hash = auditRowHash(algorithm, prevHash, row);
      await manager.query(
        `INSERT INTO audit_log (seq, at, actor, action, purpose, event_id, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8)`,
        [seq, row.at, row.actor, row.action, row.purpose, row.detail, prevHash, hash],
      );
      prevHash = hash;
    }
    await manager.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_seal');
  });
}

/** Runs `sql` with the append-only triggers of `table` disabled, as a superuser tampering on purpose would. */
export async function tamper(dataSource: DataSource, table: string, sql: string, parameters: unknown[] = []): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
    await manager.query(sql, parameters);
    await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
  });
}
