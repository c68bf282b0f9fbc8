import type { DataSource, EntityManager } from 'typeorm';
import { createCa, decryptCaKey, encryptCaKey, fingerprintOf, openCa, readCaKeyEncryptionKey, type CaMaterial } from '@hub/identity';
import { AGENCY_ADMINISTRATION, type AuditSink } from '../audit/index.js';

export const CA_COMMON_NAME = 'Interagency Hub CA';
/** Ten years: agencies pin this certificate, so it should outlive many client certificates. */
const CA_VALID_DAYS = 3652;

/** The hub CA opened for issuing, with its certificate in PEM and its SHA-256 fingerprint. */
export type HubCa = CaMaterial & { readonly pem: string; readonly fingerprint: string };

interface StoredCa {
  readonly certificate: string;
  readonly fingerprint: string;
  readonly encryptedKey: string;
}

/**
 * Loads the hub CA from `hub_certificate_authority`, or creates, stores and audits it
 * (`certificate-authority.created`) when there is none yet, under an advisory lock so processes
 * starting together make one. Its private key is stored encrypted with `caKeyEncryptionKey`
 * (CA_KEY_ENCRYPTION_KEY, 32 bytes in base64). The hub's provider and `npm start` (which issues the
 * local broker's certificate before the hub runs) both come here, so there is one CA and one format.
 */
export async function loadOrCreateHubCa(
  dataSource: DataSource,
  caKeyEncryptionKey: string,
  audit: AuditSink,
): Promise<{ readonly ca: HubCa; readonly created: boolean }> {
  const key = readCaKeyEncryptionKey(caKeyEncryptionKey);
  const { stored, created } = await dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('hub_certificate_authority'))`);
    const found = await loadStoredCa(tx);
    return found ? { stored: found, created: false } : { stored: await createAndStore(tx, key, audit), created: true };
  });
  const pkcs8 = decryptCaKey(stored.encryptedKey, key, stored.fingerprint);
  const opened = await openCa(stored.certificate, pkcs8).finally(() => pkcs8.fill(0));
  if (fingerprintOf(opened.certificate) !== stored.fingerprint)
    throw new Error('hub_certificate_authority holds a certificate that does not match its fingerprint.');
  return { ca: { ...opened, pem: stored.certificate, fingerprint: stored.fingerprint }, created };
}

async function createAndStore(tx: EntityManager, key: Buffer, audit: AuditSink): Promise<StoredCa> {
  const ca = await createCa(CA_COMMON_NAME, CA_VALID_DAYS);
  const stored = {
    certificate: ca.certificatePem,
    fingerprint: ca.fingerprintSha256,
    encryptedKey: encryptCaKey(ca.privateKeyPkcs8, key, ca.fingerprintSha256),
  };
  ca.privateKeyPkcs8.fill(0);
  await tx.query(
    `INSERT INTO hub_certificate_authority (id, certificate, fingerprint_sha256, encrypted_key, not_after) VALUES (1, $1, $2, $3, $4)`,
    [stored.certificate, stored.fingerprint, stored.encryptedKey, ca.notAfter.toISOString()],
  );
  const detail = { fingerprintSha256: ca.fingerprintSha256, notAfter: ca.notAfter.toISOString(), algorithm: 'ecdsa-p256-sha256' };
  await audit.record({ actor: 'system:hub-ca', action: 'certificate-authority.created', purpose: AGENCY_ADMINISTRATION, detail }, tx);
  return stored;
}

async function loadStoredCa(tx: EntityManager): Promise<StoredCa | undefined> {
  const rows = await tx.query<StoredCa[]>(
    `SELECT certificate, fingerprint_sha256 AS fingerprint, encrypted_key AS "encryptedKey" FROM hub_certificate_authority WHERE id = 1`,
  );
  return rows[0];
}
