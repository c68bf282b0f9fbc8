import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../agencies/audit-sink.js';
import { HubConfig } from '../config/hub-config.js';
import { CertificateAuthorityMissingError } from './tls.errors.js';
import { createCa, decryptCaKey, encryptCaKey, fingerprintOf, openCa, readCaKeyEncryptionKey, type CaMaterial } from '@hub/identity';

export const CA_COMMON_NAME = 'Interagency Hub CA';
/** Ten years: agencies pin this certificate, so it should outlive many client certificates. */
const CA_VALID_DAYS = 3652;

interface StoredCa {
  readonly certificate: string;
  readonly fingerprint: string;
  readonly encryptedKey: string;
}

/**
 * The hub's own certificate authority, the root every agency's client certificate chains to. The
 * first hub process started with CA_KEY_ENCRYPTION_KEY creates it (under an advisory lock, so
 * replicas starting together make one) and stores it in `hub_certificate_authority`, its private key
 * encrypted with that key; every later start loads it. Without the key the hub has no CA.
 *
 * A real deployment would keep the CA key in an HSM or a cloud KMS and sign through it (PKCS#11 or
 * the KMS API behind a WebCrypto provider), so the key never exists in the hub's memory; the
 * database copy here is for a hub without one.
 */
@Injectable()
export class HubCertificateAuthority implements OnModuleInit {
  private readonly logger = new Logger(HubCertificateAuthority.name);
  private material: (CaMaterial & { readonly pem: string; readonly fingerprint: string }) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.CA_KEY_ENCRYPTION_KEY === undefined) {
      this.logger.log('no CA_KEY_ENCRYPTION_KEY: the hub has no certificate authority; agencies authenticate with API keys only');
      return;
    }
    const key = readCaKeyEncryptionKey(this.config.CA_KEY_ENCRYPTION_KEY);
    const stored = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('hub_certificate_authority'))`);
      return (await loadStoredCa(tx)) ?? (await this.createAndStore(tx, key));
    });
    const pkcs8 = decryptCaKey(stored.encryptedKey, key, stored.fingerprint);
    const opened = await openCa(stored.certificate, pkcs8).finally(() => pkcs8.fill(0));
    if (fingerprintOf(opened.certificate) !== stored.fingerprint)
      throw new Error('hub_certificate_authority holds a certificate that does not match its fingerprint.');
    this.material = { ...opened, pem: stored.certificate, fingerprint: stored.fingerprint };
    if (opened.certificate.notAfter.getTime() <= Date.now()) {
      this.logger.error({
        message: 'the hub CA certificate has expired: no client certificate verifies; a new CA must be made',
        fingerprint: stored.fingerprint,
      });
    }
  }

  /** Whether this hub has a CA (CA_KEY_ENCRYPTION_KEY is set). */
  get available(): boolean {
    return this.material !== undefined;
  }

  /** The CA's certificate and key; throws CertificateAuthorityMissingError without a CA. */
  get current(): CaMaterial & { readonly pem: string; readonly fingerprint: string } {
    if (!this.material) throw new CertificateAuthorityMissingError();
    return this.material;
  }

  private async createAndStore(tx: EntityManager, key: Buffer): Promise<StoredCa> {
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
    await this.audit.record(
      { actor: 'system:hub-ca', action: 'certificate-authority.created', purpose: AGENCY_ADMINISTRATION, detail },
      tx,
    );
    this.logger.log({ message: 'created the hub certificate authority', fingerprint: ca.fingerprintSha256 });
    return stored;
  }
}

async function loadStoredCa(tx: EntityManager): Promise<StoredCa | undefined> {
  const rows = await tx.query<StoredCa[]>(
    `SELECT certificate, fingerprint_sha256 AS fingerprint, encrypted_key AS "encryptedKey" FROM hub_certificate_authority WHERE id = 1`,
  );
  return rows[0];
}
