import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { dataFingerprint, LiveSnapshot } from '../kernel/index.js';
import { HubConfig } from '../config/hub-config.js';

/** A client certificate the hub issued, as authentication looks it up (by the SHA-256 of its DER). */
export interface RegisteredCertificate {
  readonly serial: string;
  readonly agencyId: string;
  readonly fingerprintSha256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly status: 'active' | 'revoked';
  readonly revokedAt: Date | null;
}

/**
 * Every client certificate the hub issued, held in memory by each process: loaded at start,
 * reloaded on each NOTIFY of `hub_agency_certificates`, at once after this process's own issue or
 * revoke (`refresh`), and every REGISTRY_REFRESH_INTERVAL_MS. Only kept while the hub has a CA
 * (CA_KEY_ENCRYPTION_KEY): without one no certificate can authenticate.
 */
@Injectable()
export class ClientCertificateRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly snapshot: LiveSnapshot<ReadonlyMap<string, RegisteredCertificate>> | undefined;

  constructor(dataSource: DataSource, config: HubConfig) {
    this.snapshot =
      config.CA_KEY_ENCRYPTION_KEY === undefined
        ? undefined
        : new LiveSnapshot({
            load: () => loadCertificates(dataSource.manager),
            channel: 'hub_agency_certificates',
            fingerprint: dataFingerprint,
            databaseUrl: config.DATABASE_URL,
            intervalMs: config.REGISTRY_REFRESH_INTERVAL_MS,
            logger: new Logger(ClientCertificateRegistry.name),
          });
  }

  async onModuleInit(): Promise<void> {
    await this.snapshot?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.snapshot?.stop();
  }

  /** Reloads; resolves when what was committed before the call is in memory. */
  async refresh(): Promise<void> {
    await this.snapshot?.refresh();
  }

  /** The certificate with this DER SHA-256 (lower-case hex), in any status, or undefined. */
  byFingerprint(fingerprintSha256: string): RegisteredCertificate | undefined {
    return this.snapshot?.current.get(fingerprintSha256);
  }
}

async function loadCertificates(db: EntityManager): Promise<ReadonlyMap<string, RegisteredCertificate>> {
  const rows = await db.query<
    {
      serial: string;
      agencyId: string;
      fingerprintSha256: string;
      notBefore: Date;
      notAfter: Date;
      status: 'active' | 'revoked';
      revokedAt: Date | null;
    }[]
  >(
    `SELECT serial, agency_id AS "agencyId", fingerprint_sha256 AS "fingerprintSha256", not_before AS "notBefore",
            not_after AS "notAfter", status, revoked_at AS "revokedAt"
       FROM agency_certificates`,
  );
  return new Map(
    rows.map((row) => [
      row.fingerprintSha256,
      { ...row, notBefore: new Date(row.notBefore), notAfter: new Date(row.notAfter), revokedAt: row.revokedAt && new Date(row.revokedAt) },
    ]),
  );
}
