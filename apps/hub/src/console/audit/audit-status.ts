import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { verifyAuditTrail, type AuditVerificationReport } from '@hub/audit';
import { DataSource } from 'typeorm';
import { auditPublicKeys } from '../../audit/index.js';
import { HubConfig } from '../../config/hub-config.js';

/** A page asking for the state after this long starts the next walk (in the background). */
const WALK_AGAIN_AFTER_MS = 60_000;
/** How often the walk goes over the whole chain again; the walks between check only the rows added since. */
export const FULL_WALK_EVERY_MS = 24 * 60 * 60_000;
/** Rows per page of a walk; the walk rests as long as each page took, so it uses at most half of a core. */
const WALK_PAGE_ROWS = 1_000;

/** The last signed checkpoint of the audit chain. */
export interface LastCheckpoint {
  readonly size: number;
  readonly rootHash: string;
  readonly signedAt: string;
  readonly keyId: string;
}

/** The chain's verification as the console shows it: the last walk's result, and when it ran. */
export interface AuditState {
  /** null until the first verification of this process has finished. */
  readonly ok: boolean | null;
  readonly verifiedUpTo: number | null;
  readonly verifiedAt: string | null;
  /** When a walk last went over the whole live chain (every row re-hashed) and found it intact. */
  readonly fullyVerifiedAt: string | null;
  readonly problem: string | null;
  readonly lastCheckpoint: LastCheckpoint | null;
}

interface Walk {
  readonly at: Date;
  readonly result: AuditVerificationReport;
  readonly verifiedUpTo: number | null;
}

/**
 * Walking the whole chain takes time proportional to its length (minutes with ten million rows),
 * so no page waits for it: the console answers the last walk's result at once and starts the next
 * walk in the background once that is a minute old. The first walk of a process, the one after a
 * problem, and one a day go over the whole chain; the others resume where the last one was sealed
 * through (`resumeAfter`: the rows before it are not re-hashed, the rows and checkpoints after it
 * are checked in full). Walks pace themselves so the console keeps answering during a long one.
 * `GET /v1/admin/audit/verify` and `npm run audit:verify` always walk the whole chain. The last
 * checkpoint is read from its table each time (by key).
 */
@Injectable()
export class AuditStatus {
  private readonly logger = new Logger(AuditStatus.name);
  private last: Walk | undefined;
  private lastFull: Date | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  async state(): Promise<AuditState> {
    // The walk as it stood when asked (one started now may end while the checkpoint is read).
    const walk = this.last;
    const fullyVerifiedAt = this.lastFull;
    if (!walk || Date.now() - walk.at.getTime() > WALK_AGAIN_AFTER_MS) void this.verify();
    const [checkpoint] = await this.dataSource.query<{ last_seq: string; root: Buffer; at: Date; key_id: string }[]>(
      'SELECT last_seq::text, root, at, key_id FROM audit_checkpoints ORDER BY id DESC LIMIT 1',
    );
    return {
      ok: walk?.result.ok ?? null,
      verifiedUpTo: walk?.verifiedUpTo ?? null,
      verifiedAt: walk?.at.toISOString() ?? null,
      fullyVerifiedAt: fullyVerifiedAt?.toISOString() ?? null,
      problem: walk?.result.problem?.message ?? null,
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

  /** Runs one walk (joins the one running); resolves when it has finished. */
  verify(): Promise<void> {
    this.running ??= this.walk()
      .catch((error: unknown) => this.logger.warn({ message: 'could not verify the audit trail', error: String(error) }))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async walk(): Promise<void> {
    const previous = this.last;
    const resumeAfter =
      previous?.result.ok &&
      previous.result.sealedThroughSeq !== null &&
      previous.result.sealedThroughHash !== null &&
      this.lastFull !== undefined &&
      Date.now() - this.lastFull.getTime() < FULL_WALK_EVERY_MS
        ? { seq: previous.result.sealedThroughSeq, hash: Buffer.from(previous.result.sealedThroughHash, 'hex') }
        : undefined;
    let pageStarted = performance.now();
    const result = await verifyAuditTrail(this.dataSource, {
      publicKeys: auditPublicKeys(this.config),
      resumeAfter,
      pageSize: WALK_PAGE_ROWS,
      betweenPages: async () => {
        await sleep(performance.now() - pageStarted);
        pageStarted = performance.now();
      },
    });
    const at = new Date();
    const full = resumeAfter === undefined;
    this.last = { at, result, verifiedUpTo: result.lastSeq ?? (full ? null : (previous?.verifiedUpTo ?? null)) };
    if (full && result.ok) this.lastFull = at;
  }
}
