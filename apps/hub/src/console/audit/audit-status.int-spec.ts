import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AddAuditLeaves1764410000000,
  appendAudit,
  AUDIT_ACTIONS,
  AuditCheckpointer,
  adminActor,
  CreateAuditTrail1764170000000,
  sealAuditLeaves,
} from '@hub/audit';
import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource } from 'typeorm';
import type { HubConfig } from '../../config/hub-config.js';
import { AuditStatus } from './audit-status.js';

const { privateKey } = generateKeyPairSync('ed25519');
const config = { AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } as unknown as HubConfig;

/** Edits the trail as a superuser would: with the append-only trigger disabled. */
async function tamper(dataSource: DataSource, sql: string): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await manager.query(sql);
    await manager.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });
}

async function appendRows(dataSource: DataSource, count: number, checkpoint: boolean): Promise<void> {
  await appendAudit(
    dataSource.manager,
    Array.from({ length: count }, (_, n) => ({
      actor: adminActor('ops-1'),
      action: AUDIT_ACTIONS.policyChanged,
      purpose: 'policy-maintenance',
      detail: { n },
    })),
  );
  await sealAuditLeaves(dataSource);
  if (checkpoint)
    await new AuditCheckpointer(dataSource, { signingKey: privateKey, maxRowsPerCheckpoint: 10 }).checkpointNow({ force: true });
}

/**
 * The console's view of the audit chain: the first walk re-hashes the whole chain, the next ones
 * only what was added since the last sealed point, and a problem sends the next walk back to the start.
 */
describe('AuditStatus', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let dataSource: DataSource;
  beforeEach(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'audit_status');
    dataSource = await createDataSource({
      url: database.url,
      applicationName: 'audit-status-test',
      entities: [],
      migrations: [CreateAuditTrail1764170000000, AddAuditLeaves1764410000000],
      poolSize: 4,
    }).initialize();
    await runMigrationsExclusively(dataSource);
    await appendRows(dataSource, 40, true);
  });
  afterEach(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  it('walks the whole chain first, then only the rows added since, and the whole chain again after a problem', async () => {
    const status = new AuditStatus(dataSource, config);
    expect(await status.state()).toMatchObject({ ok: null, verifiedAt: null, fullyVerifiedAt: null, lastCheckpoint: { size: 40 } });
    await status.verify();
    const first = await status.state();
    expect(first).toMatchObject({ ok: true, verifiedUpTo: 40, problem: null, lastCheckpoint: { size: 40 } });
    // The walk the first call started went over the whole chain (a walk after it may have resumed).
    expect(first.fullyVerifiedAt).toEqual(expect.any(String));
    expect(Date.parse(first.fullyVerifiedAt ?? '')).toBeLessThanOrEqual(Date.parse(first.verifiedAt ?? ''));

    // An edit before the resume point waits for the next whole walk; rows added since are checked.
    await tamper(dataSource, `UPDATE audit_log SET purpose = 'other' WHERE seq = 17`);
    await appendRows(dataSource, 10, true);
    await status.verify();
    const second = await status.state();
    expect(second).toMatchObject({ ok: true, verifiedUpTo: 50, fullyVerifiedAt: first.fullyVerifiedAt, lastCheckpoint: { size: 50 } });

    // Nothing added: the resumed walk still reports how far the chain was verified.
    await status.verify();
    expect(await status.state()).toMatchObject({ ok: true, verifiedUpTo: 50 });

    // An edit after the resume point is found by the next walk ...
    await appendRows(dataSource, 5, false);
    await tamper(dataSource, `UPDATE audit_log SET purpose = 'other' WHERE seq = 53`);
    await status.verify();
    const third = await status.state();
    expect(third.ok).toBe(false);
    expect(third.problem).toContain('53');
    // ... and the walk after a problem starts from the first row again, where it finds the older edit.
    await status.verify();
    const fourth = await status.state();
    expect(fourth.ok).toBe(false);
    expect(fourth.problem).toContain('17');
    expect(fourth.fullyVerifiedAt).toBe(first.fullyVerifiedAt);
  });
});
