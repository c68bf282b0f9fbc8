import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { archiveAuditTrail, AuditCheckpointer } from '@hub/audit';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config.js';
import { auditPublicKeys, auditSigningKey } from './audit-keys.js';

/**
 * How often the archiver looks for rows past retention. Each look is one query when nothing is due
 * (the archive state is in the database, so a restart neither repeats nor postpones it); hourly keeps
 * the retention within an hour of what the README promises.
 */
export const AUDIT_ARCHIVE_EVERY_MS = 60 * 60 * 1000;

/**
 * Seals the audit trail (audit role): every AUDIT_SEAL_EVERY_MS seals the waiting audit leaves into
 * the hash chain, signs a Merkle-root checkpoint over the rows sealed since the last one (every AUDIT_CHECKPOINT_EVERY_ROWS rows or AUDIT_CHECKPOINT_EVERY_MS), and at start
 * and then hourly archives what is older than AUDIT_RETENTION_DAYS behind a signed anchor, so the
 * remainder still verifies. Several processes with the audit role take turns safely.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private checkpointer: AuditCheckpointer | undefined;
  private archiving: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const signingKey = auditSigningKey(this.config);
    if (!signingKey)
      throw new Error(
        'AUDIT_SIGNING_KEY is required by the audit role, which seals the audit trail; set it or leave audit out of HUB_ROLES',
      );
    this.checkpointer = new AuditCheckpointer(
      this.dataSource,
      {
        signingKey,
        sealEveryMs: this.config.AUDIT_SEAL_EVERY_MS,
        everyRows: this.config.AUDIT_CHECKPOINT_EVERY_ROWS,
        everyMs: this.config.AUDIT_CHECKPOINT_EVERY_MS,
      },
      { log: (entry) => this.logger.log(entry), warn: (entry) => this.logger.warn(entry), error: (entry) => this.logger.error(entry) },
    );
    await this.checkpointer.start();
    // At start too: a process restarted more often than the interval must still archive.
    this.archiveInBackground();
  }

  async onApplicationShutdown(): Promise<void> {
    // The scheduler has cleared the hourly job by now (before shutdown hooks run).
    await this.archiving;
    await this.checkpointer?.stop();
  }

  /** Hourly (the job's name is `audit-archive`), and once at start; a look still under way is not doubled. */
  @Interval('audit-archive', AUDIT_ARCHIVE_EVERY_MS)
  archiveInBackground(): void {
    this.archiving ??= this.archive().finally(() => (this.archiving = undefined));
  }

  /** Archives rows past retention; failures are logged and retried at the next look. */
  async archive(): Promise<void> {
    const signingKey = auditSigningKey(this.config);
    if (!signingKey) return;
    try {
      const result = await archiveAuditTrail(this.dataSource, {
        signingKey,
        publicKeys: auditPublicKeys(this.config),
        retentionDays: this.config.AUDIT_RETENTION_DAYS,
      });
      if (result.archivedRows > 0) this.logger.log({ message: 'audit trail archived', ...result });
    } catch (error) {
      this.logger.error({ message: 'archiving the audit trail failed; retrying within the hour', error: String(error) });
    }
  }
}
