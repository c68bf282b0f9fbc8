import { execFile, spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, waitUntil, testKafkaEnvironment } from '@hub/testing';
import { loadHubConfig } from '../../apps/hub/src/config/hub-config.js';
import { createHubApp } from '../../apps/hub/src/create-hub-app.js';
import {
  adminCall,
  publish,
  startHub,
  TEST_ADMIN_TOKEN,
  TEST_AUDIT_SIGNING_KEY,
  TEST_FIELD_ENCRYPTION_KEYS,
  TEST_SUBJECT_ID_KEY,
  type RunningApp,
} from '../support/running-apps.js';

interface AuditRow {
  /** Null while the row is a leaf waiting to be sealed into the chain. */
  seq: string | null;
  actor: string;
  action: string;
  purpose: string;
  event_id: string | null;
  detail: Record<string, unknown>;
}

/**
 * The audit trail as the hub writes it, on the real database: a row for every publish (in the
 * same statement as the event), every refusal and every admin action, sealed by signed checkpoints;
 * `verify` (API and CLI) finds an edited row at its position.
 */
describe('audit trail', () => {
  let hub: RunningApp;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  async function rows(where: string, params: unknown[]): Promise<AuditRow[]> {
    const result = await hub.db.query<AuditRow>(
      `SELECT seq::text, actor, action, purpose, event_id, detail FROM audit_trail WHERE ${where} ORDER BY seq, leaf`,
      params,
    );
    return result.rows;
  }

  it('records who published which event under which purpose, each refusal, and each admin action', async () => {
    const event = aWorkPermitIssuedEvent();
    expect((await publish(hub.url, event)).status).toBe(202);
    expect(await rows('event_id = $1', [event['id']])).toEqual([
      expect.objectContaining({
        actor: 'agency:bureau-310000',
        action: 'event.published',
        purpose: 'work-permit-administration',
        detail: { type: 'work-permit.issued', contractVersion: 1, region: '310000' },
      }),
    ]);
    expect((await publish(hub.url, event)).body.events?.[0]?.status).toBe('duplicate');
    expect(await rows('event_id = $1', [event['id']])).toHaveLength(1);

    const foreign = aWorkPermitIssuedEvent({ region: '110000' });
    expect((await publish(hub.url, foreign, {}, { as: 'bureau-310000' })).status).toBe(403);
    expect(await rows('event_id = $1', [foreign['id']])).toEqual([
      expect.objectContaining({
        actor: 'agency:bureau-310000',
        action: 'event.rejected',
        detail: expect.objectContaining({ code: 'PUBLISH_REFUSED', rules: 'AGENCY_MISMATCH' }) as unknown,
      }),
    ]);

    await adminCall(hub.url, 'POST', '/v1/admin/agencies/moe/api-keys', {});
    const admin = await rows(`actor = 'admin:test-operator' AND detail->>'agencyId' = 'moe'`, []);
    expect(admin.length).toBeGreaterThan(0);
  });

  it('verifies intact, then reports an edited row at its position through the API and the CLI', async () => {
    await waitUntil('a signed checkpoint', async () => (await hub.db.query('SELECT 1 FROM audit_checkpoints')).rowCount! > 0);
    const verify = async (): Promise<{
      ok: boolean;
      checkpointsVerified: number;
      problem: { kind: string; seq: number } | null;
      leavesWaiting: number;
    }> => (await adminCall(hub.url, 'GET', '/v1/admin/audit/verify')) as never;
    // The hub runs in this process: the admin CLI must be awaited, never run synchronously.
    const hubCli = async (): Promise<{ code: number; stdout: string }> =>
      promisify(execFile)(process.execPath, ['dist/scripts/hub-cli/cli.js', 'audit', 'verify'], {
        env: { ...process.env, HUB_URL: hub.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const intact = await verify();
    expect(intact).toMatchObject({ ok: true, problem: null, leavesWaiting: expect.any(Number) as unknown });
    expect(intact.checkpointsVerified).toBeGreaterThan(0);
    expect(await hubCli()).toMatchObject({ code: 0 });

    // A row sealed into the chain (leaves join it within AUDIT_SEAL_EVERY_MS).
    const target = await waitUntil(
      'an event.published row sealed into the chain',
      async () => (await rows(`action = 'event.published' AND seq IS NOT NULL`, []))[0],
    );
    await hub.db.query('BEGIN');
    await hub.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await hub.db.query(`UPDATE audit_log SET detail = jsonb_set(detail, '{region}', '"110000"') WHERE seq = $1`, [target?.seq]);
    await hub.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await hub.db.query('COMMIT');

    const tampered = await verify();
    expect(tampered.ok).toBe(false);
    expect(tampered.problem).toMatchObject({ kind: 'row-edited', seq: Number(target?.seq) });

    const keyFile = join(mkdtempSync(join(tmpdir(), 'audit-key-')), 'hub-audit.pub.pem');
    writeFileSync(keyFile, createPublicKey(TEST_AUDIT_SIGNING_KEY).export({ type: 'spki', format: 'pem' }).toString());
    const cli = spawnSync(process.execPath, ['dist/scripts/audit/verify.js', '--public-key', keyFile], {
      env: { ...process.env, DATABASE_URL: hub.databaseUrl },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(`${cli.stdout}${cli.stderr}`).toContain(String(target?.seq));

    const viaAdminCli = await hubCli();
    expect(viaAdminCli.code).toBe(1);
    expect(JSON.parse(viaAdminCli.stdout)).toMatchObject({ ok: false, problem: { kind: 'row-edited', seq: Number(target?.seq) } });
  });

  it('hashes the chain with SM3 when configured, and will not start with another algorithm once rows exist', async () => {
    const sm3Hub = await startHub({ env: { AUDIT_HASH_ALGORITHM: 'sm3' } });
    try {
      expect((await sm3Hub.db.query('SELECT algorithm FROM audit_chain')).rows).toEqual([{ algorithm: 'sm3' }]);
      expect((await publish(sm3Hub.url, aWorkPermitIssuedEvent())).status).toBe(202);
      await waitUntil('a signed SM3 checkpoint', async () => (await sm3Hub.db.query('SELECT 1 FROM audit_checkpoints')).rowCount! > 0);
      const report = (await adminCall(sm3Hub.url, 'GET', '/v1/admin/audit/verify')) as {
        ok: boolean;
        algorithm?: string;
        rowsVerified?: number;
      };
      expect(report).toMatchObject({ ok: true });

      const sha256Hub = await createHubApp(
        loadHubConfig({
          DATABASE_URL: sm3Hub.databaseUrl,
          KAFKA_BROKERS: '127.0.0.1:1',
          ...testKafkaEnvironment('hub'),
          HUB_ROLES: 'api',
          SUBJECT_ID_KEY: TEST_SUBJECT_ID_KEY,
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          FIELD_ENCRYPTION_KEYS: TEST_FIELD_ENCRYPTION_KEYS,
          FIELD_ENCRYPTION_ACTIVE_KEY: 'test-k1',
          LOG_LEVELS: 'fatal',
        }),
      );
      await expect(sha256Hub.init()).rejects.toThrow(
        /AUDIT_HASH_ALGORITHM is sha256 but the audit chain already holds rows hashed with sm3/,
      );
      await sha256Hub.close();
    } finally {
      await sm3Hub.destroy();
    }
  });
});
