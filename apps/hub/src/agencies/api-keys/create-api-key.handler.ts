import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKeySummary } from '../agency.js';
import { AdminInputInvalidError } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { AgencyRegistry } from '../agency-registry.js';
import { insertApiKey, lockAgency } from '../agency-registry.repository.js';
import { generateApiKey } from '../api-key-secret.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import type { CreateApiKeyDto } from './api-keys.dto.js';

const DEFAULT_LIFETIME_MS = 365 * 24 * 3600 * 1000;
/** Prefixes are 40 random bits; a clash is rare enough that a few fresh draws always find a free one. */
const PREFIX_ATTEMPTS = 5;

/** A new API key and its secret: shown in this answer only; the hub keeps just its hash. */
export interface CreatedApiKey extends ApiKeySummary {
  readonly apiKey: string;
}

/** Creates an API key for an agency; audited as `api-key.created` (with the prefix, never the key). */
@Injectable()
export class CreateApiKeyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async execute(agencyId: string, input: CreateApiKeyDto, actor: string, now = new Date()): Promise<CreatedApiKey> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : new Date(now.getTime() + DEFAULT_LIFETIME_MS);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) {
      throw new AdminInputInvalidError([{ path: 'expiresAt', rule: 'isFuture', message: 'expiresAt must be a valid time in the future' }]);
    }
    const created = await this.dataSource.transaction(async (tx) => {
      if (!(await lockAgency(tx, agencyId))) throw agencyNotFound(agencyId);
      for (let attempt = 1; ; attempt += 1) {
        const secret = generateApiKey();
        const outcome = await insertApiKey(tx, { id: randomUUID(), agencyId, ...secret, expiresAt: expiresAt.toISOString() });
        if ('inserted' in outcome) {
          const detail = { agencyId, prefix: secret.prefix, expiresAt: outcome.inserted.expiresAt };
          await this.audit.record({ actor, action: 'api-key.created', purpose: AGENCY_ADMINISTRATION, detail }, tx);
          return { ...outcome.inserted, apiKey: secret.key };
        }
        if (attempt === PREFIX_ATTEMPTS) throw new Error(`No free API key prefix after ${PREFIX_ATTEMPTS} draws.`);
      }
    });
    await this.registry.refresh();
    return created;
  }
}
