import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config.js';
import type { Agency, RegisteredSigningKey } from './agency.js';
import { dataFingerprint, LiveSnapshot, UnauthenticatedError } from '../kernel/index.js';
import { loadRegistryState, type RegistryState } from './agency-registry.repository.js';
import { API_KEY_FORMAT, hashApiKey, sameHash } from './api-key-secret.js';

/** Compared against when the prefix is unknown, so an unknown key costs the same as a wrong one. */
const NO_SUCH_HASH = '0'.repeat(64);

/**
 * Who the agencies are and which keys they hold, answered from memory: every hub process loads the
 * registry at start and reloads it on every change (PostgreSQL NOTIFY from the tables' triggers,
 * and at once after its own admin changes) and every REGISTRY_REFRESH_INTERVAL_MS.
 */
@Injectable()
export class AgencyRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly state: LiveSnapshot<RegistryState>;

  constructor(dataSource: DataSource, config: HubConfig) {
    this.state = new LiveSnapshot({
      load: () => loadRegistryState(dataSource.manager),
      channel: 'hub_agency_registry',
      fingerprint: dataFingerprint,
      databaseUrl: config.DATABASE_URL,
      intervalMs: config.REGISTRY_REFRESH_INTERVAL_MS,
      logger: new Logger(AgencyRegistry.name),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.state.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.state.stop();
  }

  /** Reloads from PostgreSQL; resolves when what was committed before the call is in memory. */
  refresh(): Promise<void> {
    return this.state.refresh();
  }

  /**
   * The agency an API key (`Authorization: Bearer <key>`) belongs to. Throws UnauthenticatedError,
   * with one message for every reason, when the key is missing, malformed, unknown, revoked or
   * expired, or its agency is suspended.
   */
  authenticateApiKey(presented: string | undefined, now: Date = new Date()): Agency {
    const key = typeof presented === 'string' && API_KEY_FORMAT.test(presented) ? presented : undefined;
    if (!key) throw new UnauthenticatedError();
    const { apiKeys, agencies } = this.state.current;
    const entry = apiKeys.get(key.slice(0, 8));
    const matches = sameHash(hashApiKey(key), entry?.hash ?? NO_SUCH_HASH);
    const agency = entry ? agencies.get(entry.agencyId) : undefined;
    const expired = entry?.expiresAt != null && entry.expiresAt.getTime() <= now.getTime();
    if (!entry || !matches || expired || agency?.status !== 'active') throw new UnauthenticatedError();
    return agency;
  }

  /** The registered public key with this id (unique across agencies), in any status, or undefined. */
  signingKey(keyId: string): RegisteredSigningKey | undefined {
    const key = this.state.current.signingKeys.get(keyId);
    return key && { agencyId: key.agencyId, alg: key.alg, publicKey: key.publicKey, status: key.status };
  }

  agency(id: string): Agency | undefined {
    return this.state.current.agencies.get(id);
  }
}
