import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../../config/hub-config.js';
import { ClientCertificateRegistry, HubCertificateAuthority } from '../../tls/index.js';
import { fingerprintOf, issueClientCertificate, newSerial, readCsr } from '@hub/identity';
import { AdminConflictError, AdminInputInvalidError } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { lockAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import type { IssueCertificateDto } from './certificates.dto.js';
import { insertCertificate, type CertificateSummary } from './certificates.repository.js';

const DAY_MS = 24 * 3600 * 1000;
/** Certificates start a minute early, so a client whose clock is slightly behind can use one at once. */
const CLOCK_SKEW_MS = 60_000;

/** An issued certificate: the PEM, and the chain to install (the certificate, then the hub CA). */
export interface IssuedCertificate extends CertificateSummary {
  readonly certificate: string;
  readonly chain: string;
}

/**
 * Issues a TLS client certificate to an active agency for the key of its CSR: subject CN = agency id,
 * EKU clientAuth, a random 128-bit serial, valid `validDays` (default CLIENT_CERT_VALID_DAYS) but never
 * beyond the CA. Recorded in `agency_certificates` and audited as `client-certificate.issued` in one
 * transaction; every hub process accepts it from the answer on.
 */
@Injectable()
export class IssueCertificateHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
    private readonly ca: HubCertificateAuthority,
    private readonly certificates: ClientCertificateRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  /** `now` is when the certificate's validity starts (tests pass a past time to get an expired one). */
  async execute(agencyId: string, input: IssueCertificateDto, actor: string, now = new Date()): Promise<IssuedCertificate> {
    const ca = this.ca.current;
    const csr = await readCsr(input.csr, agencyId);
    if ('issues' in csr) throw new AdminInputInvalidError(csr.issues);
    const validDays = input.validDays ?? this.config.CLIENT_CERT_VALID_DAYS;
    const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
    const notAfter = new Date(now.getTime() + validDays * DAY_MS);
    if (notAfter.getTime() > ca.certificate.notAfter.getTime()) {
      throw new AdminInputInvalidError([
        {
          path: 'validDays',
          rule: 'withinCa',
          message: `validDays would outlast the hub CA (valid until ${ca.certificate.notAfter.toISOString()}); ask for fewer days`,
        },
      ]);
    }
    const issued = await this.dataSource.transaction(async (tx) => {
      const agency = await lockAgency(tx, agencyId);
      if (!agency) throw agencyNotFound(agencyId);
      if (agency.status !== 'active') {
        throw new AdminConflictError(`Agency ${agencyId} is ${agency.status}; certificates are issued to active agencies only.`);
      }
      const serial = newSerial();
      const certificate = await issueClientCertificate({
        ca,
        agencyId,
        serial,
        publicKey: csr.publicKey,
        notBefore,
        notAfter,
      });
      const pem = certificate.toString('pem');
      const summary = await insertCertificate(tx, {
        serial,
        agencyId,
        fingerprintSha256: fingerprintOf(certificate),
        pem,
        notBefore,
        notAfter,
      });
      const detail = { agencyId, serial: summary.serial, fingerprintSha256: summary.fingerprintSha256, notAfter: summary.notAfter };
      await this.audit.record({ actor, action: 'client-certificate.issued', purpose: AGENCY_ADMINISTRATION, detail }, tx);
      return { ...summary, certificate: pem, chain: `${pem}\n${ca.pem}` };
    });
    await this.certificates.refresh();
    return issued;
  }
}
