import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { appendAudit } from './append-audit.js';
import { archiveAuditTrail } from './archive-audit-trail.js';
import { AuditCheckpointer } from './audit-checkpointer.js';
import { AUDIT_ACTIONS, adminActor } from './audit-entry.js';
import { sealAuditLeaves } from './seal-audit-leaves.js';
import { createAuditTestDatabase, insertBackdatedRows, tamper, type AuditTestDatabase } from './testing/audit-test-database.js';
import { verifyAuditTrail } from './verify-audit-trail.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const DAY = 86_400_000;
const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY);
const entries = (count: number) =>
  Array.from({ length: count }, (_, n) => ({
    actor: adminActor('ops-1'),
    action: AUDIT_ACTIONS.adminAction,
    purpose: 'test',
    detail: { n },
  }));

describe('archiving and retention', () => {
  let db: AuditTestDatabase;
  let checkpointer: AuditCheckpointer;
  beforeEach(async () => {
    db = await createAuditTestDatabase(TEST_DATABASE_SERVER_URL, 4);
    checkpointer = new AuditCheckpointer(db.dataSource, { signingKey: privateKey, maxRowsPerCheckpoint: 10 });
  });
  afterEach(async () => {
    await db?.drop();
  });

  const verify = (includeArchive = false) => verifyAuditTrail(db.dataSource, { publicKeys: [publicKey], includeArchive });
  const count = async (table: string): Promise<number> =>
    (await db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;

  it('moves whole checkpoints older than the retention and keeps the remaining chain verifiable from a signed anchor', async () => {
    await insertBackdatedRows(db.dataSource, 25, daysAgo(400));
    await insertBackdatedRows(db.dataSource, 5, daysAgo(200));
    await appendAudit(db.dataSource.manager, entries(10));
    await checkpointer.checkpointNow({ force: true }); // 1–10, 11–20, 21–30 (old), 31–40 (new)
    await appendAudit(db.dataSource.manager, entries(3));
    await sealAuditLeaves(db.dataSource); // 41–43, in the chain but in no checkpoint yet
    expect((await verify()).ok).toBe(true);

    // A retention of a year keeps the 200-day-old rows, so only the first two checkpoints go.
    expect(await archiveAuditTrail(db.dataSource, { signingKey: privateKey, retentionDays: 365 })).toEqual({
      archivedRows: 20,
      throughSeq: 20,
    });
    expect(await archiveAuditTrail(db.dataSource, { signingKey: privateKey })).toEqual({ archivedRows: 10, throughSeq: 30 });
    expect(await archiveAuditTrail(db.dataSource, { signingKey: privateKey })).toEqual({ archivedRows: 0, throughSeq: null });

    expect(await count('audit_archive')).toBe(30);
    const live = await verify();
    expect(live).toMatchObject({
      ok: true,
      startSeq: 31,
      anchor: { throughSeq: 30 },
      rowsChecked: 15,
      lastSeq: 45,
      checkpointsVerified: 1,
    });
    const [archived] = await db.dataSource.query<{ seq: string; detail: string }[]>(
      `SELECT seq::text, detail::text FROM audit_log l WHERE action = 'audit.archived' ORDER BY l.seq DESC LIMIT 1`,
    );
    expect(archived).toEqual({ seq: '45', detail: '{"rows": 10, "throughSeq": 30}' });
    expect(await verify(true)).toMatchObject({ ok: true, startSeq: 1, rowsChecked: 45, checkpointsVerified: 4 });

    // The chain goes on after the anchor, and tampering at its start is still caught.
    await appendAudit(db.dataSource.manager, entries(2));
    await checkpointer.checkpointNow({ force: true });
    expect(await verify()).toMatchObject({ ok: true, lastSeq: 47, sealedThroughSeq: 47 });
    await tamper(db.dataSource, 'audit_log', 'DELETE FROM audit_log WHERE seq = 31');
    expect((await verify()).problem).toMatchObject({ kind: 'row-deleted', seq: 31 });
  });

  it('chains on from the anchor when every row was archived', async () => {
    await insertBackdatedRows(db.dataSource, 20, daysAgo(300));
    await checkpointer.checkpointNow({ force: true });
    expect(await archiveAuditTrail(db.dataSource, { signingKey: privateKey })).toEqual({ archivedRows: 20, throughSeq: 20 });
    // Only the audit.archived row is left, sealed onto the anchor.
    expect(await verify()).toMatchObject({ ok: true, startSeq: 21, rowsChecked: 1, lastSeq: 21 });
    expect(await verify(true)).toMatchObject({ ok: true, rowsChecked: 21 });
  });

  it('catches a forged anchor and an archived row edited under one', async () => {
    await insertBackdatedRows(db.dataSource, 20, daysAgo(300));
    await checkpointer.checkpointNow({ force: true });
    await archiveAuditTrail(db.dataSource, { signingKey: privateKey });

    await tamper(db.dataSource, 'audit_archive', `UPDATE audit_archive SET detail = '{"i": 99}' WHERE seq = 4`);
    expect((await verify()).ok).toBe(true); // the live part does not depend on the archive's content…
    expect((await verify(true)).problem).toMatchObject({ kind: 'row-edited', seq: 4 }); // …which is verified on its own

    await tamper(db.dataSource, 'audit_anchors', `UPDATE audit_anchors SET through_seq = 19`);
    expect((await verify()).problem).toMatchObject({ kind: 'anchor-signature-invalid', seq: 19 });
  });

  it('refuses a retention below six months, in Node and again in the database', async () => {
    await insertBackdatedRows(db.dataSource, 10, daysAgo(400));
    await appendAudit(db.dataSource.manager, entries(10));
    await checkpointer.checkpointNow({ force: true });

    await expect(archiveAuditTrail(db.dataSource, { signingKey: privateKey, retentionDays: 90 })).rejects.toMatchObject({
      code: 'AUDIT_RETENTION_TOO_SHORT',
    });
    await expect(archiveAuditTrail(db.dataSource, { signingKey: privateKey, retentionDays: 182 })).rejects.toThrow(/at least six months/);
    expect(await count('audit_archive')).toBe(0);

    // Calling the database function directly for rows from today is refused too.
    const [row] = await db.dataSource.query<{ hash: Buffer }[]>('SELECT hash FROM audit_log WHERE seq = 20');
    await expect(
      db.dataSource.query('SELECT hub_audit_archive(20, $1, now(), $2, $3, $4, $5)', [
        row?.hash,
        'k',
        Buffer.alloc(64),
        'admin:ops-1',
        'test',
      ]),
    ).rejects.toMatchObject({ code: 'HBA02' });
    // …and so is a boundary inside a checkpoint, or a hash that is not the row's.
    await expect(
      db.dataSource.query('SELECT hub_audit_archive(5, $1, now(), $2, $3, $4, $5)', [
        Buffer.alloc(32),
        'k',
        Buffer.alloc(64),
        'admin:ops-1',
        'test',
      ]),
    ).rejects.toMatchObject({ code: 'HBA03' });
    expect(await count('audit_archive')).toBe(0);
    expect((await verify()).ok).toBe(true);
  });

  it('refuses to archive rows that do not verify', async () => {
    await insertBackdatedRows(db.dataSource, 20, daysAgo(300));
    await checkpointer.checkpointNow({ force: true });
    await tamper(db.dataSource, 'audit_log', `UPDATE audit_log SET detail = '{"i": 99}' WHERE seq = 4`);
    await expect(archiveAuditTrail(db.dataSource, { signingKey: privateKey })).rejects.toMatchObject({
      code: 'AUDIT_CHAIN_INVALID',
      context: { kind: 'row-edited', seq: 4 },
    });
    expect(await count('audit_archive')).toBe(0);
  });
});
