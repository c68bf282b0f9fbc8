import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { appendAudit } from './append-audit.js';
import { AuditCheckpointer } from './audit-checkpointer.js';
import { AUDIT_ACTIONS, adminActor, agencyActor } from './audit-entry.js';
import { readRows } from './audit-store.js';
import { auditRowHash } from './canonical-encoding.js';
import { sealAuditLeaves } from './seal-audit-leaves.js';
import { createAuditTestDatabase, tamper, type AuditTestDatabase } from './testing/audit-test-database.js';
import { verifyAuditTrail, type AuditProblem } from './verify-audit-trail.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/**
 * Tampering directly in the database, as a superuser who disables the append-only trigger first,
 * is caught at the right seq with the right kind. Each test starts from 45 rows: checkpoints over
 * 1–10, 11–20, 21–30 and 31–40, and 41–45 in the chain but in no checkpoint yet.
 */
describe('verifyAuditTrail finds tampering', () => {
  let db: AuditTestDatabase;
  beforeEach(async () => {
    db = await createAuditTestDatabase(TEST_DATABASE_SERVER_URL, 4);
    await appendAudit(
      db.dataSource.manager,
      Array.from({ length: 40 }, (_, n) => ({
        actor: n % 5 === 0 ? adminActor('ops-1') : agencyActor(`bureau-${310000 + n}`),
        action: n % 5 === 0 ? AUDIT_ACTIONS.policyChanged : AUDIT_ACTIONS.eventPublished,
        purpose: 'permit-sharing',
        eventId: n % 5 === 0 ? null : randomUUID(),
        detail: { n, type: 'work-permit.issued' },
      })),
    );
    await new AuditCheckpointer(db.dataSource, { signingKey: privateKey, maxRowsPerCheckpoint: 10 }).checkpointNow({ force: true });
    await appendAudit(
      db.dataSource.manager,
      Array.from({ length: 5 }, (_, n) => ({
        actor: adminActor('ops-2'),
        action: AUDIT_ACTIONS.keyChanged,
        purpose: 'key-rotation',
        detail: { n },
      })),
    );
    await sealAuditLeaves(db.dataSource);
  });
  afterEach(async () => {
    await db?.drop();
  });

  const problem = async (): Promise<AuditProblem | null> => (await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).problem;

  it('reports an intact trail as such', async () => {
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({
      ok: true,
      problem: null,
      rowsChecked: 45,
      checkpointsVerified: 4,
      sealedThroughSeq: 40,
      unsealedRows: 5,
    });
  });

  it('catches an edited detail as row-edited at that row', async () => {
    await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET detail = jsonb_set(detail, '{type}', '"visa.issued"') WHERE seq = 17`);
    expect(await problem()).toMatchObject({ kind: 'row-edited', seq: 17 });
  });

  it('catches an edit of a row no checkpoint covers yet', async () => {
    await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET actor = 'admin:someone-else' WHERE seq = 43`);
    expect(await problem()).toMatchObject({ kind: 'row-edited', seq: 43 });
  });

  it('catches a deleted row as row-deleted at its seq', async () => {
    await tamper(db.dataSource, 'audit_log', 'DELETE FROM audit_log WHERE seq = 12');
    expect(await problem()).toMatchObject({ kind: 'row-deleted', seq: 12 });
  });

  it('catches the first row deleted', async () => {
    await tamper(db.dataSource, 'audit_log', 'DELETE FROM audit_log WHERE seq = 1');
    expect(await problem()).toMatchObject({ kind: 'row-deleted', seq: 1 });
  });

  it('catches rows deleted from the end of the log when a checkpoint covers them', async () => {
    await tamper(db.dataSource, 'audit_log', 'DELETE FROM audit_log WHERE seq >= 38');
    expect(await problem()).toMatchObject({ kind: 'row-deleted', seq: 38 });
  });

  it('cannot see rows deleted from the end before any checkpoint covers them (the window the checkpoint interval bounds)', async () => {
    await tamper(db.dataSource, 'audit_log', 'DELETE FROM audit_log WHERE seq >= 44');
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({ ok: true, lastSeq: 43, unsealedRows: 3 });
  });

  it('catches two rows whose contents were swapped as rows-reordered at the first', async () => {
    await tamper(
      db.dataSource,
      'audit_log',
      `UPDATE audit_log a SET at = b.at, actor = b.actor, action = b.action, purpose = b.purpose, event_id = b.event_id, detail = b.detail
         FROM audit_log b WHERE (a.seq, b.seq) IN ((5, 9), (9, 5))`,
    );
    expect(await problem()).toMatchObject({ kind: 'rows-reordered', seq: 5, message: expect.stringContaining('sealed at seq 9') });
  });

  it('catches two whole rows that traded places as rows-reordered', async () => {
    await tamper(db.dataSource, 'audit_log', 'UPDATE audit_log SET seq = CASE seq WHEN 22 THEN -26 ELSE -22 END WHERE seq IN (22, 26)');
    await tamper(db.dataSource, 'audit_log', 'UPDATE audit_log SET seq = -seq WHERE seq < 0');
    expect(await problem()).toMatchObject({ kind: 'rows-reordered', seq: 22, message: expect.stringContaining('sealed at seq 26') });
  });

  it('catches an edited checkpoint by its signature', async () => {
    await tamper(db.dataSource, 'audit_checkpoints', `UPDATE audit_checkpoints SET root = sha256(root) WHERE first_seq = 11`);
    expect(await problem()).toMatchObject({ kind: 'checkpoint-signature-invalid', seq: 11 });
  });

  it('catches a checkpoint whose range was stretched over rows it never signed', async () => {
    await tamper(db.dataSource, 'audit_checkpoints', 'DELETE FROM audit_checkpoints WHERE first_seq = 31');
    await tamper(db.dataSource, 'audit_checkpoints', 'UPDATE audit_checkpoints SET last_seq = 40 WHERE first_seq = 21');
    expect(await problem()).toMatchObject({ kind: 'checkpoint-signature-invalid', seq: 21 });
  });

  it('catches a deleted checkpoint as checkpoint-missing', async () => {
    await tamper(db.dataSource, 'audit_checkpoints', 'DELETE FROM audit_checkpoints WHERE first_seq = 11');
    expect(await problem()).toMatchObject({ kind: 'checkpoint-missing', seq: 11 });
  });

  it('catches a chain rewritten consistently from an edited row on, through the signed Merkle root', async () => {
    // The careful forger: edit row 15, then recompute every later hash so the chain links again.
    await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET detail = '{"n": 0, "type": "nothing"}' WHERE seq = 15`);
    const rows = await readRows(db.dataSource, 'live', 13, 1_000, 1_000);
    let prevHash = rows[0]?.hash as Buffer;
    for (const row of rows.slice(1)) {
      const hash = auditRowHash('sha256', prevHash, row);
      await tamper(db.dataSource, 'audit_log', 'UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3', [prevHash, hash, row.seq]);
      prevHash = hash;
    }
    expect(await problem()).toMatchObject({ kind: 'checkpoint-root-mismatch', seq: 11 });
  });

  it('names checkpoints signed by a key it was not given', async () => {
    const other = generateKeyPairSync('ed25519');
    const report = await verifyAuditTrail(db.dataSource, { publicKeys: [other.publicKey] });
    expect(report.problem).toMatchObject({ kind: 'checkpoint-key-unknown', seq: 1 });
  });

  it('refuses to checkpoint over a tampered row', async () => {
    await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET purpose = 'other' WHERE seq = 42`);
    await expect(new AuditCheckpointer(db.dataSource, { signingKey: privateKey }).checkpointNow({ force: true })).rejects.toMatchObject({
      code: 'AUDIT_CHAIN_INVALID',
      context: { seq: 42 },
    });
    const [row] = await db.dataSource.query<{ last: number }[]>('SELECT max(last_seq)::int AS last FROM audit_checkpoints');
    expect(row?.last).toBe(40);
  });

  describe('a walk resumed where a verified one was sealed through', () => {
    const resumeFromFullWalk = async (): Promise<{ seq: number; hash: Buffer }> => {
      const full = await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] });
      expect(full).toMatchObject({ ok: true, sealedThroughSeq: 40, sealedThroughHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      return { seq: full.sealedThroughSeq ?? 0, hash: Buffer.from(full.sealedThroughHash ?? '', 'hex') };
    };

    it('checks only the rows after that point, and new checkpoints over them', async () => {
      const resumeAfter = await resumeFromFullWalk();
      expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey], resumeAfter })).toMatchObject({
        ok: true,
        startSeq: 41,
        rowsChecked: 5,
        lastSeq: 45,
        checkpointsVerified: 0,
        sealedThroughSeq: 40,
        unsealedRows: 5,
      });
      await new AuditCheckpointer(db.dataSource, { signingKey: privateKey, maxRowsPerCheckpoint: 10 }).checkpointNow({ force: true });
      const later = await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey], resumeAfter });
      expect(later).toMatchObject({
        ok: true,
        startSeq: 41,
        rowsChecked: 5,
        checkpointsVerified: 1,
        sealedThroughSeq: 45,
        unsealedRows: 0,
      });
      const [row45] = await readRows(db.dataSource, 'live', 44, 45, 1);
      expect(later.sealedThroughHash).toBe(row45?.hash.toString('hex'));
    });

    it('catches an edit after that point, and leaves an edit before it to the next walk from the start', async () => {
      const resumeAfter = await resumeFromFullWalk();
      await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET purpose = 'other' WHERE seq = 17`);
      expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey], resumeAfter })).toMatchObject({ ok: true, startSeq: 41 });
      expect(await problem()).toMatchObject({ kind: 'row-edited', seq: 17 });
      await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET actor = 'admin:someone-else' WHERE seq = 43`);
      expect((await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey], resumeAfter })).problem).toMatchObject({
        kind: 'row-edited',
        seq: 43,
      });
    });

    it('fails when the hash it resumes from is not that row’s', async () => {
      const resumeAfter = { seq: 40, hash: Buffer.alloc(32, 7) };
      expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey], resumeAfter })).toMatchObject({ ok: false, startSeq: 41 });
    });
  });
});

/**
 * Leaves appended but not yet sealed are protected by their table's guards alone (for at most
 * AUDIT_SEAL_EVERY_MS while a sequencer runs): nobody but the sequencer may change or remove them.
 */
describe('audit leaves before sealing', () => {
  let db: AuditTestDatabase;
  beforeEach(async () => {
    db = await createAuditTestDatabase(TEST_DATABASE_SERVER_URL, 4);
    await appendAudit(db.dataSource.manager, [
      { actor: adminActor('ops-1'), action: AUDIT_ACTIONS.policyChanged, purpose: 'permit-sharing', detail: { n: 1 } },
      {
        actor: agencyActor('bureau-310000'),
        action: AUDIT_ACTIONS.eventPublished,
        purpose: 'permit-sharing',
        eventId: randomUUID(),
        detail: { n: 2 },
      },
    ]);
  });
  afterEach(async () => {
    await db?.drop();
  });

  it('refuses to edit, delete or truncate a waiting leaf, and seals it untouched', async () => {
    for (const sql of [
      `UPDATE audit_leaves SET detail = '{"n": 9}'`,
      `UPDATE audit_leaves SET at = at - interval '1 day'`,
      'DELETE FROM audit_leaves',
      'TRUNCATE audit_leaves',
      // The view is read-only: no way round the guards through it.
      `DELETE FROM audit_trail WHERE leaf IS NOT NULL`,
    ]) {
      await expect(db.dataSource.query(sql)).rejects.toMatchObject({ code: expect.stringMatching(/^(HBA01|55000)$/) });
    }
    expect(await db.dataSource.query("SELECT detail->>'n' AS n FROM audit_leaves l ORDER BY l.id")).toEqual([{ n: '1' }, { n: '2' }]);

    await new AuditCheckpointer(db.dataSource, { signingKey: privateKey }).checkpointNow({ force: true });
    expect(await db.dataSource.query(`SELECT seq::int, detail->>'n' AS n FROM audit_log l ORDER BY l.seq`)).toEqual([
      { seq: 1, n: '1' },
      { seq: 2, n: '2' },
    ]);
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({ ok: true, sealedThroughSeq: 2 });
  });

  it('stamps a leaf with the time it is appended, whatever time the writer brings, and keeps it when sealing', async () => {
    await db.dataSource.query(
      `INSERT INTO audit_leaves (at, actor, action, purpose, detail) VALUES ('2000-01-01Z', 'admin:mallory', 'admin.action', 'test', '{}')`,
    );
    const [leaf] = await db.dataSource.query<{ at: string; recent: boolean }[]>(
      `SELECT at::text, at > now() - interval '1 minute' AS recent FROM audit_leaves WHERE actor = 'admin:mallory'`,
    );
    expect(leaf?.recent).toBe(true);
    await sealAuditLeaves(db.dataSource);
    const [row] = await db.dataSource.query<{ at: string }[]>(`SELECT at::text FROM audit_log WHERE actor = 'admin:mallory'`);
    expect(row?.at).toBe(leaf?.at);
  });

  it('refuses a malformed leaf when it is appended, so it can never block sealing', async () => {
    for (const [column, value] of [
      ['actor', 'someone'],
      ['action', 'Published'],
      ['purpose', ' '],
      ['detail', '[]'],
    ] as const) {
      const values = { actor: 'admin:ops-1', action: 'admin.action', purpose: 'test', detail: '{}', [column]: value };
      await expect(
        db.dataSource.query('INSERT INTO audit_leaves (actor, action, purpose, detail) VALUES ($1, $2, $3, $4::jsonb)', [
          values.actor,
          values.action,
          values.purpose,
          values.detail,
        ]),
      ).rejects.toMatchObject({ code: '23514' });
    }
    expect(await sealAuditLeaves(db.dataSource)).toEqual({ sealed: 2, throughSeq: 2 });
  });

  it('reports how many leaves wait and how old the oldest is', async () => {
    const report = await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] });
    expect(report).toMatchObject({ ok: true, rowsChecked: 0, leavesWaiting: 2 });
    expect(report.oldestLeafAgeMs).toEqual(expect.any(Number));
    await sealAuditLeaves(db.dataSource);
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({
      rowsChecked: 2,
      leavesWaiting: 0,
      oldestLeafAgeMs: null,
    });
  });

  it('cannot see a leaf a superuser deletes before it is sealed (the window AUDIT_SEAL_EVERY_MS bounds)', async () => {
    await tamper(db.dataSource, 'audit_leaves', `DELETE FROM audit_leaves WHERE detail->>'n' = '2'`);
    await sealAuditLeaves(db.dataSource);
    expect(await verifyAuditTrail(db.dataSource, { publicKeys: [publicKey] })).toMatchObject({ ok: true, rowsChecked: 1 });
  });
});
