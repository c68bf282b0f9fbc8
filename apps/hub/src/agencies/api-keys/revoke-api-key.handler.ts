import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKeySummary } from '../agency.js';
import { AdminConflictError, AdminNotFoundError } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { AgencyRegistry } from '../agency-registry.js';
import { findAgency, findApiKey, revokeApiKey } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';

/** Revokes an API key by its prefix; from the answer on, no hub process accepts it. Audited as `api-key.revoked`. */
@Injectable()
export class RevokeApiKeyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async execute(agencyId: string, prefix: string, actor: string): Promise<ApiKeySummary> {
    const revoked = await this.dataSource.transaction(async (tx) => {
      const changed = await revokeApiKey(tx, agencyId, prefix);
      if (!changed) {
        if (!(await findAgency(tx, agencyId))) throw agencyNotFound(agencyId);
        if (!(await findApiKey(tx, agencyId, prefix))) {
          throw new AdminNotFoundError(`API key ${prefix} of agency ${agencyId}`, `GET /v1/admin/agencies/${agencyId} lists its keys.`);
        }
        throw new AdminConflictError(`API key ${prefix} is already revoked.`);
      }
      await this.audit.record({ actor, action: 'api-key.revoked', purpose: AGENCY_ADMINISTRATION, detail: { agencyId, prefix } }, tx);
      return changed;
    });
    // Other processes drop the key on the NOTIFY the revocation sent; this one before answering.
    await this.registry.refresh();
    return revoked;
  }
}
