import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { appendAudit, publishAuditCte, setAuditHashAlgorithm } from './append-audit.js';
import { AuditCheckpointer } from './audit-checkpointer.js';
import { AUDIT_ACTIONS, agencyActor, type AuditEntry } from './audit-entry.js';
import { canonicalDetailJson, GENESIS_HASH, type AuditDetail } from './canonical-encoding.js';
import { AddAuditLeaves1764410000000 } from './migrations/1764410000000-add-audit-leaves.js';
import { sealAuditLeaves } from './seal-audit-leaves.js';
import { createAuditTestDatabase, tamper, type AuditTestDatabase } from './testing/audit-test-database.js';
import { verifyAuditTrail } from './verify-audit-trail.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const entry = (n: number, detail: AuditDetail = { n }): AuditEntry => ({
  actor: agencyActor(`bureau-${310000 + (n % 7)}`),
  action: AUDIT_ACTIONS.eventDelivered,
  purpose: 'permit-sharing',
  eventId: randomUUID(),
  detail,
});

describe('audit chain', () => {
  let db: AuditTestDatabase;
  beforeEach(async () => {
    db = await createAuditTestDatabase(TEST_DATABASE_SERVER_URL);
  });
  afterEach(async () => {
    await db?.drop();
  });

  it('stays one linear, gapless chain while several processes append and two sequencers seal at once, rollbacks included', async () => {
    const processes = [db.dataSource, await db.connect(6), await db.connect(6)];
    const sequencers = [await db.connect(1), await db.connect(1)];
    /** The n of each committed transaction's entries, in the order appended. */
    const committed = new Map<number, number[]>();
    const tagged = (n: number, i: number): AuditEntry => entry(n, { n, i });
    const worker = async (dataSource: DataSource, id: number): Promise<void> => {
      for (let i = 0; i < 24; i += 1) {
        const n = id * 1000 + i;
        if (i % 6 === 0) {
          await dataSource.transaction((manager) =>
            appendAudit(
              manager,
              [0, 1, 2, 3, 4].map((k) => tagged(n, k)),
            ),
          );
          committed.set(n, [0, 1, 2, 3, 4]);
        } else if (i % 6 === 1) {
          // Rolled back: its leaf never reaches the chain.
          await dataSource
            .transaction(async (manager) => {
              await appendAudit(manager, [tagged(n, 0)]);
              throw new Error('roll back');
            })
            .catch(() => undefined);
        } else {
          await appendAudit(dataSource.manager, [tagged(n, 0)]);
          committed.set(n, [0]);
        }
      }
    };
    let appending = true;
    const sequence = async (dataSource: DataSource): Promise<void> => {
      while (appending) await sealAuditLeaves(dataSource, { batchRows: 7 });
    };
    const sealing = sequencers.map(sequence);
    await Promise.all(processes.flatMap((dataSource, p) => Array.from({ length: 5 }, (_, w) => worker(dataSource, p * 10 + w))));
    appending = false;
    await Promise.all(sealing);
    await sealAuditLeaves(db.dataSource);

    const total = [...committed.values()].reduce((sum, entries) => sum + entries.length, 0);
    const rows = await db.dataSource.query<{ seq: string; prev_hash: Buffer; hash: Buffer; n: number; i: number }[]>(
      `SELECT seq::text, prev_hash, hash, (detail->>'n')::int AS n, (detail->>'i')::int AS i FROM audit_log l ORDER BY l.seq`,
    );
    expect(rows).toHaveLength(total);
    rows.forEach((row, i) => {
      expect(Number(row.seq)).toBe(i + 1);
      expect(row.prev_hash).toEqual(i === 0 ? GENESIS_HASH : rows[i - 1]?.hash);
    });
    expect(new Set(rows.map((row) => row.hash.toString('hex'))).size).toBe(total);
    // Every committed entry sealed once, each transaction's entries in the order it appended them.
    const sealed = new Map<number, number[]>();
    for (const row of rows) sealed.set(row.n, [...(sealed.get(row.n) ?? []), row.i]);
    expect(sealed).toEqual(committed);
    expect(await db.dataSource.query('SELECT 1 FROM audit_leaves')).toEqual([]);

    const report = await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] });
    expect(report).toMatchObject({ ok: true, rowsChecked: total, lastSeq: total, leavesWaiting: 0, oldestLeafAgeMs: null });
  });

  it('appends from inside the hub one-statement publish, rolls back with it and leaves no gap once sealed', async () => {
    await db.dataSource.query(`
      CREATE TABLE events (id uuid PRIMARY KEY, type text NOT NULL, contract_version int NOT NULL, agency text NOT NULL,
                           region text NOT NULL, content_hash text NOT NULL)`);
    await db.dataSource.query(`
      CREATE FUNCTION hub_event_id_conflict(event_id uuid) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'event id % was already used for other content', event_id USING ERRCODE = 'HB409'; END $$`);
    const publish = (events: { id: string; hash: string }[]) =>
      db.dataSource.query<{ inserted: string[]; audited: number }[]>(
        `WITH input AS (
           SELECT * FROM json_to_recordset($1::json)
             AS u(id uuid, type text, contract_version int, agency text, region text, content_hash text, ord bigint)
         ), inserted AS (
           INSERT INTO events AS stored (id, type, contract_version, agency, region, content_hash)
           SELECT id, type, contract_version, agency, region, content_hash FROM input ORDER BY ord
           ON CONFLICT (id) DO UPDATE SET id = stored.id
             WHERE stored.content_hash <> EXCLUDED.content_hash AND hub_event_id_conflict(stored.id)
           RETURNING id
         ), ${publishAuditCte('$2')}
         SELECT coalesce((SELECT array_agg(id) FROM inserted), '{}') AS inserted, (SELECT count(*)::int FROM audited) AS audited`,
        [
          JSON.stringify(
            events.map((e, ord) => ({
              ord,
              id: e.id,
              type: 'work-permit.issued',
              contract_version: 1,
              agency: 'bureau-310000',
              region: '310000',
              content_hash: e.hash,
            })),
          ),
          'permit-sharing',
        ],
      );
    const first = [randomUUID(), randomUUID(), randomUUID()].map((id) => ({ id, hash: 'a' }));
    expect((await publish(first))[0]?.audited).toBe(3);
    const fresh = { id: randomUUID(), hash: 'a' };
    expect((await publish([...first, fresh]))[0]?.audited).toBe(1); // the resends are duplicates: not audited again
    await expect(
      publish([
        { id: randomUUID(), hash: 'b' },
        { id: fresh.id, hash: 'other' },
      ]),
    ).rejects.toMatchObject({ code: 'HB409' });
    await appendAudit(db.dataSource.manager, [entry(1)]);
    // Readers see the leaves at once, through audit_trail, before any sealing.
    const waiting = await db.dataSource.query<{ seq: string | null; event_id: string }[]>(
      'SELECT seq, event_id::text FROM audit_trail t ORDER BY t.seq, t.leaf',
    );
    expect(waiting.map((row) => row.seq)).toEqual([null, null, null, null, null]);
    expect(waiting.slice(0, 4).map((row) => row.event_id)).toEqual([...first, fresh].map((e) => e.id));
    expect(await sealAuditLeaves(db.dataSource)).toEqual({ sealed: 5, throughSeq: 5 });

    const rows = await db.dataSource.query<{ seq: string; actor: string; action: string; event_id: string | null; detail: string }[]>(
      'SELECT seq::text, actor, action, event_id::text, detail::text FROM audit_log l ORDER BY l.seq',
    );
    expect(rows.map((row) => row.seq)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows.slice(0, 4).map((row) => row.event_id)).toEqual([...first, fresh].map((e) => e.id));
    expect(rows[0]).toMatchObject({
      actor: 'agency:bureau-310000',
      action: 'event.published',
      detail: '{"type": "work-permit.issued", "region": "310000", "contractVersion": 1}',
    });
    expect((await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, and seals inserted rows itself whatever chain values they bring', async () => {
    await appendAudit(db.dataSource.manager, [entry(1), entry(2)]);
    await new AuditCheckpointer(db.dataSource, { signingKey: privateKey }).checkpointNow({ force: true });
    for (const sql of [
      `UPDATE audit_log SET detail = '{}' WHERE seq = 1`,
      'DELETE FROM audit_log WHERE seq = 2',
      'TRUNCATE audit_log',
      `UPDATE audit_checkpoints SET root = root`,
      'DELETE FROM audit_checkpoints',
      'INSERT INTO audit_archive SELECT *, now() FROM audit_log',
    ]) {
      await expect(db.dataSource.query(sql)).rejects.toMatchObject({ code: 'HBA01' });
    }
    await expect(db.dataSource.query(`UPDATE audit_chain SET algorithm = 'sm3'`)).rejects.toMatchObject({ code: 'HBA04' });
    await expect(setAuditHashAlgorithm(db.dataSource, 'sha256')).rejects.toMatchObject({ code: 'HBA04' });

    await db.dataSource.query(
      `INSERT INTO audit_log (seq, at, actor, action, purpose, detail, prev_hash, hash)
       VALUES (999, '2000-01-01Z', 'admin:mallory', 'admin.action', 'test', '{}', $1, $1)`,
      [Buffer.alloc(32, 9)],
    );
    const [forged] = await db.dataSource.query<{ seq: string; old: boolean }[]>(
      `SELECT seq::text, at < now() - interval '1 day' AS old FROM audit_log WHERE actor = 'admin:mallory'`,
    );
    expect(forged).toEqual({ seq: '3', old: false });
    expect((await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).ok).toBe(true);

    // The superuser can still tamper on purpose (the tamper tests rely on it).
    await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET purpose = 'x' WHERE seq = 3`);
    expect((await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).problem).toMatchObject({ kind: 'row-edited', seq: 3 });
  });

  it('stores details exactly as the canonical JSON Node derives, so Node can re-derive every hash', async () => {
    const details: AuditDetail[] = [
      {},
      { b: 1, aa: [1, -2, { z: null }], a: 'x', é: true, ab: false },
      { s: 'a"b\\c\n\t\u0001\u001f/é中🙂', big: Number.MAX_SAFE_INTEGER, neg: -Number.MAX_SAFE_INTEGER },
      { nested: { deeper: { deepest: ['', ' ', 'ä'] } }, 中文: '键', k: [] },
    ];
    await appendAudit(
      db.dataSource.manager,
      details.map((detail, n) => entry(n, detail)),
    );
    await sealAuditLeaves(db.dataSource);
    const stored = await db.dataSource.query<{ detail: string }[]>('SELECT detail::text FROM audit_log ORDER BY seq');
    expect(stored.map((row) => row.detail)).toEqual(details.map((detail) => canonicalDetailJson(detail)));
  });

  it('chains with SM3 when configured before the first row (pgcrypto on OpenSSL 3)', async () => {
    try {
      await db.dataSource.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    } catch (error) {
      console.log(`SM3 chain not tested: pgcrypto is not available on this server (${String(error)})`);
      return;
    }
    await setAuditHashAlgorithm(db.dataSource, 'sm3');
    await appendAudit(db.dataSource.manager, [entry(1), entry(2), entry(3)]);
    await new AuditCheckpointer(db.dataSource, { signingKey: privateKey }).checkpointNow({ force: true });
    const [row] = await db.dataSource.query<{ hash: Buffer; prev_hash: Buffer; encoded: Buffer }[]>(
      `SELECT hash, prev_hash, hub_audit_encode(seq, at, actor, action, purpose, event_id, detail) AS encoded FROM audit_log WHERE seq = 1`,
    );
    expect(row?.hash).toEqual(
      createHash('sm3')
        .update(GENESIS_HASH)
        .update(row?.encoded ?? Buffer.alloc(0))
        .digest(),
    );
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({
      ok: true,
      algorithm: 'sm3',
      checkpointsVerified: 1,
    });
  });

  it('checkpoints every N rows or T ms while started, one instance at a time, and stops cleanly', async () => {
    const errors: unknown[] = [];
    const logger = { log: () => undefined, warn: () => undefined, error: (message: unknown) => errors.push(message) };
    const settings = { signingKey: privateKey, everyRows: 10, everyMs: 60_000, pollIntervalMs: 20 };
    const first = new AuditCheckpointer(db.dataSource, settings, logger);
    const second = new AuditCheckpointer(await db.connect(2), settings, logger);
    await Promise.all([first.start(), second.start()]);
    let ranges: { first: number; last: number }[];
    try {
      for (let n = 0; n < 25; n += 1) await appendAudit(db.dataSource.manager, [entry(n)]);
      // Each tick seals whatever waits once 10 do, so of 25 rows at most 9 stay unsealed.
      ranges = await waitUntil('checkpoints leaving fewer than 10 of 25 rows unsealed', async () => {
        const rows = await db.dataSource.query<{ first: number; last: number }[]>(
          'SELECT first_seq::int AS first, last_seq::int AS last FROM audit_checkpoints c ORDER BY c.first_seq',
        );
        return (rows.at(-1)?.last ?? 0) >= 16 && rows;
      });
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    ranges.forEach((range, i) => expect(range.first).toBe(i === 0 ? 1 : (ranges[i - 1]?.last ?? 0) + 1));
    ranges.forEach((range) => expect(range.last - range.first + 1).toBeGreaterThanOrEqual(10));
    expect(errors).toEqual([]);

    // Time-based: a few rows, sealed once the oldest is older than everyMs.
    const timed = new AuditCheckpointer(
      db.dataSource,
      { signingKey: privateKey, everyRows: 1000, everyMs: 300, pollIntervalMs: 50 },
      logger,
    );
    await timed.start();
    try {
      await waitUntil('the remaining rows sealed by time', async () => {
        const [row] = await db.dataSource.query<{ last: number }[]>('SELECT max(last_seq)::int AS last FROM audit_checkpoints');
        return row?.last === 25;
      });
    } finally {
      await timed.stop();
    }
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({
      ok: true,
      sealedThroughSeq: 25,
      unsealedRows: 0,
    });
  });

  it('runs the leaves migration again harmlessly, and seals whatever waits before it is reverted', async () => {
    await appendAudit(db.dataSource.manager, [entry(1), entry(2)]);
    await sealAuditLeaves(db.dataSource);
    await appendAudit(db.dataSource.manager, [entry(3)]);
    const runner = db.dataSource.createQueryRunner();
    try {
      await new AddAuditLeaves1764410000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM audit_leaves')).toEqual([{ n: 1 }]);
    // The format checks' migration came after the leaves': reverted first, it puts back the old checks.
    await db.dataSource.undoLastMigration();
    expect(
      await db.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'audit_leaves_actor_format' AND pg_get_constraintdef(oid) LIKE '%{0,127}%'`,
      ),
    ).toEqual([{ n: 1 }]);
    await db.dataSource.undoLastMigration();
    expect(await db.dataSource.query(`SELECT to_regclass('audit_leaves') AS leaves, to_regclass('audit_trail') AS trail`)).toEqual([
      { leaves: null, trail: null },
    ]);
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({ ok: true, rowsChecked: 3 });
    // The released sealing trigger is back: a direct insert is sealed at once, stamped with the time of sealing.
    await db.dataSource.query(
      `INSERT INTO audit_log (at, actor, action, purpose) VALUES ('2000-01-01Z', 'admin:ops-1', 'admin.action', 'test')`,
    );
    expect(await db.dataSource.query(`SELECT seq::int, at > now() - interval '1 minute' AS recent FROM audit_log WHERE seq = 4`)).toEqual([
      { seq: 4, recent: true },
    ]);
    expect((await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).ok).toBe(true);
  });

  it('is verified by the CLI, which exits 0 when intact and 1 with the first problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
    try {
      const keyFile = join(dir, 'hub-audit.pub.pem');
      writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
      await appendAudit(
        db.dataSource.manager,
        Array.from({ length: 12 }, (_, n) => entry(n)),
      );
      await new AuditCheckpointer(db.dataSource, { signingKey: privateKey }).checkpointNow({ force: true });
      const cli = (...args: string[]) =>
        promisify(execFile)(process.execPath, ['dist/scripts/audit/verify.js', ...args], {
          env: { ...process.env, DATABASE_URL: db.url },
        }).then(
          (out) => ({ code: 0, stdout: out.stdout }),
          (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
        );

      const intact = await cli('--public-key', keyFile);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain('Audit trail intact.');
      expect(intact.stdout).toContain('rows checked: 12');

      await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET detail = '{"n": 99}' WHERE seq = 7`);
      const tampered = await cli('--public-key', keyFile, '--json');
      expect(tampered.code).toBe(1);
      expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, problem: { kind: 'row-edited', seq: 7 } });

      expect((await cli()).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
