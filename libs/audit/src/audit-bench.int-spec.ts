import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from './append-audit.js';
import { AuditCheckpointer } from './audit-checkpointer.js';
import { AUDIT_ACTIONS, agencyActor, validateAuditEntry, type AuditEntry } from './audit-entry.js';
import { createAuditTestDatabase, type AuditTestDatabase } from './testing/audit-test-database.js';
import { verifyAuditTrail } from './verify-audit-trail.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const entry = (n: number): AuditEntry => ({
  actor: agencyActor('bureau-310000'),
  action: AUDIT_ACTIONS.eventPublished,
  purpose: 'permit-sharing',
  eventId: randomUUID(),
  detail: { type: 'work-permit.issued', contractVersion: 1, region: '310000', n },
});

/** The same rows into a copy of audit_log without the sealing trigger: what the chain adds on top. */
async function appendPlain(db: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
  const rows = entries.map((e, ord) => ({ ord, ...validateAuditEntry(e) }));
  await db.query(
    `INSERT INTO audit_plain (seq, at, actor, action, purpose, event_id, detail, prev_hash, hash)
     SELECT nextval('audit_plain_seq'), clock_timestamp(), actor, action, purpose, "eventId", detail::jsonb, $2, $2
       FROM json_to_recordset($1::json) AS e(ord int, actor text, action text, purpose text, "eventId" uuid, detail text) ORDER BY ord`,
    [JSON.stringify(rows), Buffer.alloc(32)],
  );
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const micros = (ms: number, rows: number): string => `${Math.round((ms * 1000) / rows)} µs/row`;

/**
 * Measures, without asserting timings, what an append costs: a batch of 500 in one statement,
 * single-row transactions one after another, and single-row transactions from 8 connections at
 * once (where the chain lock serializes commits), each beside the same insert without the chain.
 */
describe('audit append cost (logged, not asserted)', () => {
  let db: AuditTestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    db = await createAuditTestDatabase(TEST_DATABASE_SERVER_URL, 10);
    dataSource = db.dataSource;
    await dataSource.query('CREATE TABLE audit_plain (LIKE audit_log INCLUDING ALL)');
    await dataSource.query('CREATE SEQUENCE audit_plain_seq');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('logs the cost per appended row', async () => {
    const lines: string[] = [];
    const time = async (what: (target: 'audit' | 'plain') => Promise<void>): Promise<{ audit: number; plain: number }> => {
      const result = { audit: 0, plain: 0 };
      for (const target of ['plain', 'audit'] as const) {
        const started = performance.now();
        await what(target);
        result[target] = performance.now() - started;
      }
      return result;
    };
    const append = (manager: EntityManager, target: 'audit' | 'plain', entries: AuditEntry[]): Promise<unknown> =>
      target === 'audit' ? appendAudit(manager, entries) : appendPlain(manager, entries);

    // Warm up connections, plans and the JIT.
    for (const target of ['plain', 'audit'] as const)
      await append(
        dataSource.manager,
        target,
        Array.from({ length: 50 }, (_, n) => entry(n)),
      );

    const batchRuns: { audit: number; plain: number }[] = [];
    for (let run = 0; run < 5; run += 1) {
      batchRuns.push(
        await time((target) =>
          dataSource
            .transaction((m) =>
              append(
                m,
                target,
                Array.from({ length: 500 }, (_, n) => entry(n)),
              ),
            )
            .then(() => undefined),
        ),
      );
    }
    const batch = { audit: median(batchRuns.map((r) => r.audit)), plain: median(batchRuns.map((r) => r.plain)) };
    lines.push(
      `batch of 500 in one statement:         ${micros(batch.audit, 500)} chained, ${micros(batch.plain, 500)} plain (median of 5)`,
    );

    const single = await time(async (target) => {
      for (let n = 0; n < 500; n += 1) await append(dataSource.manager, target, [entry(n)]);
    });
    lines.push(`500 single-row transactions, serial:   ${micros(single.audit, 500)} chained, ${micros(single.plain, 500)} plain`);

    const concurrent = await time(async (target) => {
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let n = 0; n < 100; n += 1) await append(dataSource.manager, target, [entry(n)]);
        }),
      );
    });
    const rate = (ms: number): string => `${Math.round(800 / (ms / 1000))} rows/s`;
    lines.push(
      `800 single-row transactions, 8 conns:  ${micros(concurrent.audit, 800)} chained (${rate(concurrent.audit)}), ` +
        `${micros(concurrent.plain, 800)} plain (${rate(concurrent.plain)})`,
    );

    const [{ n: total } = { n: 0 }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_log');
    let started = performance.now();
    await new AuditCheckpointer(dataSource, { signingKey: privateKey, maxRowsPerCheckpoint: 100_000 }).checkpointNow({ force: true });
    lines.push(
      `checkpoint over ${total} rows:              ${Math.round(performance.now() - started)} ms (re-derive hashes, Merkle root, sign)`,
    );
    started = performance.now();
    const report = await verifyAuditTrail(dataSource, { publicKeys: [publicKey] });
    lines.push(`verify ${total} rows:                       ${Math.round(performance.now() - started)} ms`);
    const [settings] = await dataSource.query<{ version: string; fsync: string; sync: string }[]>(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync`,
    );
    lines.push(`(PostgreSQL ${settings?.version}, fsync=${settings?.fsync}, synchronous_commit=${settings?.sync})`);
    console.log(`Audit append cost\n  ${lines.join('\n  ')}`);
    expect(report.ok).toBe(true);
  });
});
