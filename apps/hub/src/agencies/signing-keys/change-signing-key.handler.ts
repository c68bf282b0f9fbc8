import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SigningKey, SigningKeyStatus } from '../agency.js';
import { AdminConflictError, AdminNotFoundError } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { AgencyRegistry } from '../agency-registry.js';
import { changeSigningKeyStatus, findAgency, findSigningKey } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';

/** Which states a key may leave for each target state: active → retired; active or retired → revoked. */
const ALLOWED_FROM: Readonly<Record<'retired' | 'revoked', readonly SigningKeyStatus[]>> = {
  retired: ['active'],
  revoked: ['active', 'retired'],
};

/**
 * Retires a key (rotated out: events it signed before still verify) or revokes it (compromised or
 * withdrawn: nothing it signed verifies any more). Audited as `signing-key.retired` / `.revoked`.
 */
@Injectable()
export class ChangeSigningKeyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  retire(agencyId: string, keyId: string, actor: string): Promise<SigningKey> {
    return this.change({ agencyId, keyId, to: 'retired' }, actor);
  }

  revoke(agencyId: string, keyId: string, reason: string, actor: string): Promise<SigningKey> {
    return this.change({ agencyId, keyId, to: 'revoked', reason }, actor);
  }

  private async change(
    change: { agencyId: string; keyId: string; to: 'retired' | 'revoked'; reason?: string },
    actor: string,
  ): Promise<SigningKey> {
    const key = await this.dataSource.transaction(async (tx) => {
      const changed = await changeSigningKeyStatus(tx, { ...change, from: ALLOWED_FROM[change.to] });
      if (!changed) throw await whyUnchanged(tx, change.agencyId, change.keyId, change.to);
      const detail = { agencyId: change.agencyId, keyId: change.keyId, ...(change.reason ? { reason: change.reason } : {}) };
      await this.audit.record({ actor, action: `signing-key.${change.to}`, purpose: AGENCY_ADMINISTRATION, detail }, tx);
      return changed;
    });
    await this.registry.refresh();
    return key;
  }
}

async function whyUnchanged(tx: EntityManager, agencyId: string, keyId: string, to: 'retired' | 'revoked'): Promise<Error> {
  if (!(await findAgency(tx, agencyId))) return agencyNotFound(agencyId);
  const key = await findSigningKey(tx, agencyId, keyId);
  if (!key) {
    return new AdminNotFoundError(`Signing key ${keyId} of agency ${agencyId}`, `GET /v1/admin/agencies/${agencyId} lists its keys.`);
  }
  return new AdminConflictError(
    `Signing key ${keyId} is ${key.status} and cannot become ${to}; only ${ALLOWED_FROM[to].join(' or ')} keys can.`,
  );
}
