import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { keptBrokerTls, throwawayCa } from '@hub/devstack';
import { CaKeyDecryptionError } from '@hub/identity';
import { createDataSource, createTestDatabase } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { AuditTrailSink } from '../audit/index.js';
import type { HubConfig } from '../config/hub-config.js';
import { CaController } from './ca.controller.js';
import { HubCertificateAuthority } from './hub-certificate-authority.js';
import { prepareHubCa } from './prepare-hub-ca.js';

const DAY_MS = 86_400_000;

/** What `GET /v1/ca/certificate` answers for a hub on `url` started with `key`. */
async function servedCaPem(url: string, key: string): Promise<string> {
  const dataSource = createDataSource({ url, applicationName: 'hub-ca-test', entities: [], migrations: [] });
  await dataSource.initialize();
  try {
    const provider = new HubCertificateAuthority(dataSource, { CA_KEY_ENCRYPTION_KEY: key } as HubConfig, new AuditTrailSink(dataSource));
    await provider.onModuleInit();
    return new CaController(provider).certificate();
  } finally {
    await dataSource.destroy();
  }
}

async function auditRows(url: string, action: string): Promise<number> {
  const dataSource = createDataSource({ url, applicationName: 'hub-ca-test', entities: [], migrations: [] });
  await dataSource.initialize();
  try {
    const rows = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_trail WHERE action = $1', [action]);
    return rows[0]?.n ?? 0;
  } finally {
    await dataSource.destroy();
  }
}

describe('prepareHubCa: the hub CA made before the hub, and the local broker certificate issued from it', () => {
  const key = randomBytes(32).toString('base64');
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;

  beforeEach(async () => {
    db = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'hub_ca');
    dir = mkdtempSync(join(tmpdir(), 'broker-tls-'));
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one CA however many start together, audits it once, and the hub then serves that same CA', async () => {
    const prepared = await Promise.all([prepareHubCa(db.url, key), prepareHubCa(db.url, key), prepareHubCa(db.url, key)]);
    expect(prepared.filter((p) => p.created)).toHaveLength(1);
    expect(new Set(prepared.map((p) => p.ca.fingerprint)).size).toBe(1);
    const again = await prepareHubCa(db.url, key);
    expect(again.created).toBe(false);
    expect(again.ca.pem).toBe(prepared[0]?.ca.pem);
    expect(await servedCaPem(db.url, key)).toBe(again.ca.pem);
    expect(await auditRows(db.url, 'certificate-authority.created')).toBe(1);
  });

  it('issues the broker certificate from the CA the hub serves, for 127.0.0.1 and localhost', async () => {
    const { ca } = await prepareHubCa(db.url, key);
    const { tls, reused } = await keptBrokerTls(ca, dir);
    expect(reused).toBe(false);
    const served = new X509Certificate(await servedCaPem(db.url, key));
    const leaf = new X509Certificate(tls.certificateChainPem);
    expect(leaf.checkIssued(served)).toBe(true);
    expect(leaf.verify(served.publicKey)).toBe(true);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(new X509Certificate(readFileSync(join(dir, 'ca.pem'))).fingerprint256).toBe(served.fingerprint256);
  });

  it('keeps a still-valid broker certificate of the same CA, and re-issues it for another CA or near its expiry', async () => {
    const { ca } = await prepareHubCa(db.url, key);
    const first = await keptBrokerTls(ca, dir);
    const kept = await keptBrokerTls(ca, dir);
    expect(kept.reused).toBe(true);
    expect(kept.tls.certificateChainPem).toBe(first.tls.certificateChainPem);

    const nearExpiry = await keptBrokerTls(ca, dir, new Date(Date.now() + 80 * DAY_MS));
    expect(nearExpiry.reused).toBe(false);
    expect(nearExpiry.tls.certificateChainPem).not.toBe(first.tls.certificateChainPem);

    const otherCa = await throwawayCa();
    const forOther = await keptBrokerTls(otherCa, dir);
    expect(forOther.reused).toBe(false);
    const otherCert = new X509Certificate(Buffer.from(otherCa.certificate.rawData));
    expect(new X509Certificate(forOther.tls.certificateChainPem).verify(otherCert.publicKey)).toBe(true);
  });

  it('refuses to open the stored CA with another CA_KEY_ENCRYPTION_KEY', async () => {
    await prepareHubCa(db.url, key);
    await expect(prepareHubCa(db.url, randomBytes(32).toString('base64'))).rejects.toBeInstanceOf(CaKeyDecryptionError);
  });
});
