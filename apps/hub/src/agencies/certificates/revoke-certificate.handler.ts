import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClientCertificateRegistry } from '../../tls/index.js';
import { AdminConflictError, AdminNotFoundError } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { findAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { findCertificate, revokeCertificate, type CertificateSummary } from './certificates.repository.js';

/**
 * Revokes a client certificate by its serial (hex, as listed): from the answer on no hub process
 * accepts it, on new and already open connections alike. Audited as `client-certificate.revoked`.
 */
@Injectable()
export class RevokeCertificateHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly certificates: ClientCertificateRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async execute(agencyId: string, serialParam: string, reason: string, actor: string): Promise<CertificateSummary> {
    const serial = serialParam.toLowerCase().replace(/:/g, '');
    const revoked = await this.dataSource.transaction(async (tx) => {
      const changed = await revokeCertificate(tx, agencyId, serial, reason);
      if (!changed) {
        if (!(await findAgency(tx, agencyId))) throw agencyNotFound(agencyId);
        if (!(await findCertificate(tx, agencyId, serial))) {
          throw new AdminNotFoundError(
            `Certificate ${serial} of agency ${agencyId}`,
            `GET /v1/admin/agencies/${agencyId}/certificates lists its certificates.`,
          );
        }
        throw new AdminConflictError(`Certificate ${serial} is already revoked.`);
      }
      await this.audit.record(
        { actor, action: 'client-certificate.revoked', purpose: AGENCY_ADMINISTRATION, detail: { agencyId, serial, reason } },
        tx,
      );
      return changed;
    });
    // Other processes drop it on the NOTIFY the revocation sent; this one before answering.
    await this.certificates.refresh();
    return revoked;
  }
}
