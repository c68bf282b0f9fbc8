import { Injectable, Logger } from '@nestjs/common';
import { verifyAuditTrail, type AuditVerificationReport } from '@hub/audit';
import { DataSource } from 'typeorm';
import { auditPublicKeys } from '../../audit/index.js';
import { HubConfig } from '../../config/hub-config.js';

/** Verifications older than this are started again (in the background) when a page asks. */
const REVERIFY_AFTER_MS = 5 * 60_000;

/** The last signed checkpoint of the audit chain. */
export interface LastCheckpoint {
  readonly size: number;
  readonly rootHash: string;
  readonly signedAt: string;
  readonly keyId: string;
}

/** The chain's verification as the console shows it: the last full walk's result, and when it ran. */
export interface AuditState {
  /** null until the first verification of this process has finished. */
  readonly ok: boolean | null;
  readonly verifiedUpTo: number | null;
  readonly verifiedAt: string | null;
  readonly problem: string | null;
  readonly lastCheckpoint: LastCheckpoint | null;
}

/**
 * Walking the whole chain takes time proportional to its length, so no page waits for it: the
 * console answers the last walk's result at once and starts a new walk in the background when that
 * one is older than five minutes. The last checkpoint is read from its table each time (by key).
 */
@Injectable()
export class AuditStatus {
  private readonly logger = new Logger(AuditStatus.name);
  private report: { at: Date; result: AuditVerificationReport } | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  async state(): Promise<AuditState> {
    if (!this.report || Date.now() - this.report.at.getTime() > REVERIFY_AFTER_MS) void this.verify();
    const [checkpoint] = await this.dataSource.query<{ last_seq: string; root: Buffer; at: Date; key_id: string }[]>(
      'SELECT last_seq::text, root, at, key_id FROM audit_checkpoints ORDER BY id DESC LIMIT 1',
    );
    const result = this.report?.result;
    return {
      ok: result?.ok ?? null,
      verifiedUpTo: result?.lastSeq ?? null,
      verifiedAt: this.report?.at.toISOString() ?? null,
      problem: result?.problem?.message ?? null,
      lastCheckpoint: checkpoint
        ? {
            size: Number(checkpoint.last_seq),
            rootHash: checkpoint.root.toString('hex'),
            signedAt: checkpoint.at.toISOString(),
            keyId: checkpoint.key_id,
          }
        : null,
    };
  }

  /** Runs one verification (joins the one running); resolves when it has finished. */
  verify(): Promise<void> {
    this.running ??= verifyAuditTrail(this.dataSource, { publicKeys: auditPublicKeys(this.config) })
      .then((result) => {
        this.report = { at: new Date(), result };
      })
      .catch((error: unknown) => this.logger.warn({ message: 'could not verify the audit trail', error: String(error) }))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
