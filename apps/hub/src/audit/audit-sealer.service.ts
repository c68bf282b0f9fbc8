import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { archiveAuditTrail, AuditCheckpointer } from '@hub/audit';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config.js';
import { auditPublicKeys, auditSigningKey } from './audit-keys.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Seals the audit trail (relay role): signs a Merkle-root checkpoint over the rows appended since
 * the last one (every AUDIT_CHECKPOINT_EVERY_ROWS rows or AUDIT_CHECKPOINT_EVERY_MS), and once a day
 * archives what is older than AUDIT_RETENTION_DAYS behind a signed anchor, so the remainder still
 * verifies. Several relays take turns safely.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private checkpointer: AuditCheckpointer | undefined;
  private archiveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const signingKey = auditSigningKey(this.config);
    if (!signingKey) throw new Error('AUDIT_SIGNING_KEY is required by the relay role, which seals the audit trail');
    this.checkpointer = new AuditCheckpointer(
      this.dataSource,
      { signingKey, everyRows: this.config.AUDIT_CHECKPOINT_EVERY_ROWS, everyMs: this.config.AUDIT_CHECKPOINT_EVERY_MS },
      { log: (entry) => this.logger.log(entry), warn: (entry) => this.logger.warn(entry), error: (entry) => this.logger.error(entry) },
    );
    await this.checkpointer.start();
    this.archiveTimer = setInterval(() => void this.archive(), DAY_MS);
    this.archiveTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.archiveTimer) clearInterval(this.archiveTimer);
    await this.checkpointer?.stop();
  }

  /** Archives rows past retention; failures are logged and retried the next day. */
  async archive(): Promise<void> {
    const signingKey = auditSigningKey(this.config);
    if (!signingKey) return;
    try {
      const result = await archiveAuditTrail(this.dataSource, {
        signingKey,
        publicKeys: auditPublicKeys(this.config),
        retentionDays: this.config.AUDIT_RETENTION_DAYS,
      });
      this.logger.log({ message: 'audit trail archived', ...result });
    } catch (error) {
      this.logger.error({ message: 'archiving the audit trail failed; retrying tomorrow', error: String(error) });
    }
  }
}
