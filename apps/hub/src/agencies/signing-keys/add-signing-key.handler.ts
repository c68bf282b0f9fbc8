import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SigningKey } from '../agency.js';
import { AdminConflictError, AdminInputInvalidError } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { AgencyRegistry } from '../agency-registry.js';
import { insertSigningKey, lockAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { canonicalPublicKey } from '../public-key.js';
import type { AddSigningKeyDto } from './signing-keys.dto.js';

/**
 * Registers a public key of an agency, active at once. Rotation is: add the new key, let the
 * agency sign with it, then retire the old one (which still verifies what it signed before).
 */
@Injectable()
export class AddSigningKeyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async execute(agencyId: string, input: AddSigningKeyDto, actor: string): Promise<SigningKey> {
    const publicKey = canonicalPublicKey(input.alg, input.publicKey);
    if ('problem' in publicKey)
      throw new AdminInputInvalidError([{ path: 'publicKey', rule: 'isPublicKeyOfAlg', message: publicKey.problem }]);
    const key = await this.dataSource.transaction(async (tx) => {
      if (!(await lockAgency(tx, agencyId))) throw agencyNotFound(agencyId);
      const outcome = await insertSigningKey(tx, { agencyId, keyId: input.keyId, alg: input.alg, publicKey: publicKey.pem });
      if ('duplicate' in outcome) {
        throw new AdminConflictError(
          outcome.duplicate === 'publicKey'
            ? 'This public key is already registered under another key id; register each key once.'
            : `Signing key ${input.keyId} is already registered (key ids are unique across agencies); choose a new key id.`,
        );
      }
      await this.audit.record(
        { actor, action: 'signing-key.added', purpose: AGENCY_ADMINISTRATION, detail: { agencyId, keyId: input.keyId, alg: input.alg } },
        tx,
      );
      return outcome.inserted;
    });
    await this.registry.refresh();
    return key;
  }
}
