import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Agency, ApiKeySummary, SigningKey } from './agency.js';
import { agencyNotFound } from './agencies.errors.js';
import { apiKeysOf, findAgency, listAgencies, signingKeysOf } from './agency-registry.repository.js';

/** One agency with its signing keys and its API keys (prefixes and dates, never secrets). */
export interface AgencyDetails extends Agency {
  readonly signingKeys: readonly SigningKey[];
  readonly apiKeys: readonly ApiKeySummary[];
}

/** What admins read, straight from PostgreSQL (not the cache), so it is current to the statement. */
@Injectable()
export class ShowAgenciesHandler {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<{ agencies: Agency[] }> {
    return { agencies: await listAgencies(this.dataSource.manager) };
  }

  async show(id: string): Promise<AgencyDetails> {
    const db = this.dataSource.manager;
    const agency = await findAgency(db, id);
    if (!agency) throw agencyNotFound(id);
    const [signingKeys, apiKeys] = await Promise.all([signingKeysOf(db, id), apiKeysOf(db, id)]);
    return { ...agency, signingKeys, apiKeys };
  }
}
