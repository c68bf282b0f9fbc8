import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_SINK, type AuditSink } from '../audit/index.js';
import { HubConfig } from '../config/hub-config.js';
import { loadOrCreateHubCa, type HubCa } from './hub-ca-store.js';
import { CertificateAuthorityMissingError } from './tls.errors.js';

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
  private material: HubCa | undefined;

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
    const { ca, created } = await loadOrCreateHubCa(this.dataSource, this.config.CA_KEY_ENCRYPTION_KEY, this.audit);
    if (created) this.logger.log({ message: 'created the hub certificate authority', fingerprint: ca.fingerprint });
    this.material = ca;
    if (ca.certificate.notAfter.getTime() <= Date.now()) {
      this.logger.error({
        message: 'the hub CA certificate has expired: no client certificate verifies; a new CA must be made',
        fingerprint: ca.fingerprint,
      });
    }
  }

  /** Whether this hub has a CA (CA_KEY_ENCRYPTION_KEY is set). */
  get available(): boolean {
    return this.material !== undefined;
  }

  /** The CA's certificate and key; throws CertificateAuthorityMissingError without a CA. */
  get current(): HubCa {
    if (!this.material) throw new CertificateAuthorityMissingError();
    return this.material;
  }
}
