import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AUDIT_ACTIONS,
  AuditCheckpointer,
  auditRowHash,
  auditTime,
  canonicalDetailJson,
  AddAuditLeaves1764410000000,
  CreateAuditTrail1764170000000,
  readAuditHashAlgorithm,
  systemActor,
} from '@hub/audit';
import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { loadHubConfig } from '../config/hub-config.js';
import { AuditSealer } from './audit-sealer.service.js';

const { privateKey } = generateKeyPairSync('ed25519');
const DAY_MS = 86_400_000;

/**
 * Rows dated `at` on an empty chain, inserted with the sealing trigger off: the only way to get rows
 * older than the retention (six months) into a test.
 */
async function insertOldRows(dataSource: DataSource, count: number, at: Date): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const algorithm = await readAuditHashAlgorithm(manager);
    let prevHash: Buffer = Buffer.alloc(32);
    await manager.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_seal');
    for (let seq = 1; seq <= count; seq += 1) {
      const row = {
        seq,
        at: auditTime(new Date(at.getTime() + seq)),
        actor: systemActor('backdated'),
        action: AUDIT_ACTIONS.adminAction,
        purpose: 'test',
        eventId: null,
        detail: canonicalDetailJson({ seq }),
      };
      const hash = auditRowHash(algorithm, prevHash, row);
      await manager.query(
        'INSERT INTO audit_log (seq, at, actor, action, purpose, event_id, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8)',
        [seq, row.at, row.actor, row.action, row.purpose, row.detail, prevHash, hash],
      );
      prevHash = hash;
    }
    await manager.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_seal');
  });
}

/** The audit role's sealer archives what is past retention as it starts, not a day later. */
describe('audit archiving at start', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  beforeEach(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'sealer');
    dataSource = await createDataSource({
      url: database.url,
      applicationName: 'sealer-test',
      entities: [],
      migrations: [CreateAuditTrail1764170000000, AddAuditLeaves1764410000000],
      poolSize: 4,
    }).initialize();
    await runMigrationsExclusively(dataSource);
  });
  afterEach(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('moves rows older than the retention into the archive within seconds of starting', async () => {
    await insertOldRows(dataSource, 20, new Date(Date.now() - 300 * DAY_MS));
    await new AuditCheckpointer(dataSource, { signingKey: privateKey, maxRowsPerCheckpoint: 10 }).checkpointNow({ force: true });
    const config = loadHubConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: '127.0.0.1:9',
      KAFKA_SASL_USERNAME: 'hub',
      KAFKA_SASL_PASSWORD: 'unused',
      KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
      SUBJECT_ID_KEY: 'sealer-test-subject-key-0123456789abcdef',
      FIELD_ENCRYPTION_KEYS: 'test-k1:aes-256-gcm:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
      FIELD_ENCRYPTION_ACTIVE_KEY: 'test-k1',
      AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      HUB_ROLES: 'audit',
    });
    const sealer = new AuditSealer(dataSource, config);
    await sealer.onApplicationBootstrap();
    try {
      const anchor = await waitUntil(
        'an archive anchor',
        async () =>
          (
            await dataSource.query<{ through: string; rows: string }[]>(
              'SELECT through_seq::text AS through, archived_rows::text AS rows FROM audit_anchors',
            )
          )[0],
        10_000,
      );
      expect(anchor).toEqual({ through: '20', rows: '20' });
      const [moved] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_archive');
      expect(moved?.n).toBe(20);
    } finally {
      await sealer.onApplicationShutdown();
    }
  });
});
