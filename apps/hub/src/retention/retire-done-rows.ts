import { appendAudit, systemActor } from '@hub/audit';
import { deleteInBatches, deletedCount, type BatchLimits } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { RETENTION_RULES, RUNNING_REPLAY_FLOOR_SQL, type CutoffKind, type RetiredKind } from './retention-rules.js';

/** One retention pass at a time across every hub process (other keys: audit 727_20x, relay 727_001). */
const RETENTION_LOCK_KEY = 727_300;

/** The audit action of a retention run. */
export const DATA_RETIRED_ACTION = 'data.retired';

/** How long each kind of row is kept, in days, and how many rows one DELETE removes. */
export interface RetentionSettings extends BatchLimits {
  readonly days: Readonly<Record<CutoffKind, number>>;
}

export interface RetentionRun {
  /** False when another process was already retiring; nothing was done. */
  readonly ran: boolean;
  readonly retired: Readonly<Record<RetiredKind, number>>;
  /** Per cutoff kind, the time before which rows were retired (ISO 8601). */
  readonly before: Readonly<Record<CutoffKind, string>>;
}

/**
 * Deletes what the hub is done with and past retention (see RETENTION_RULES), in batches of
 * `batchSize` rows, each batch its own statement, so no lock is held long and the tables the hot
 * path writes stay available. Records one `data.retired` audit row per run: how many rows of each
 * kind, and up to when.
 */
export async function retireDoneRows(dataSource: DataSource, settings: RetentionSettings, now = new Date()): Promise<RetentionRun> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS held', [RETENTION_LOCK_KEY])) as { held: boolean }[];
    if (!lock?.held) return { ran: false, retired: zeroCounts(), before: cutoffs(settings, now, null) };
    try {
      const [replays] = (await runner.query(RUNNING_REPLAY_FLOOR_SQL)) as { floor: string | null }[];
      const before = cutoffs(settings, now, replays?.floor == null ? null : Number(replays.floor));
      const retired = zeroCounts();
      for (const rule of RETENTION_RULES) {
        const cutoff = before[rule.cutoff];
        retired[rule.name] = await deleteInBatches(
          async () => deletedCount(await runner.query(rule.sql, [cutoff, settings.batchSize])),
          settings,
        );
      }
      await appendAudit(dataSource.manager, [
        {
          actor: systemActor('retention'),
          action: DATA_RETIRED_ACTION,
          purpose: 'retention:hub-settings',
          detail: { retired, before },
        },
      ]);
      return { ran: true, retired, before };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Each kind's cutoff. Events, deliveries and withholdings wait for the oldest running replay's
 * position when that is earlier (rounded down to the millisecond, so never past it).
 */
function cutoffs(settings: RetentionSettings, now: Date, replayFloorSeconds: number | null): Record<CutoffKind, string> {
  const plain = (days: number): number => now.getTime() - days * 86_400_000;
  const held = (days: number): number =>
    replayFloorSeconds === null ? plain(days) : Math.min(plain(days), Math.floor(replayFloorSeconds * 1000));
  const text = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '-infinity');
  return {
    replays: text(plain(settings.days.replays)),
    webhookDeliveries: text(plain(settings.days.webhookDeliveries)),
    deadLetters: text(plain(settings.days.deadLetters)),
    subscriptionDeliveries: text(held(settings.days.subscriptionDeliveries)),
    withholdings: text(held(settings.days.withholdings)),
    events: text(held(settings.days.events)),
  };
}

function zeroCounts(): Record<RetiredKind, number> {
  return {
    replays: 0,
    webhookDeliveries: 0,
    discardedWebhookDeliveries: 0,
    resolvedKafkaDeadLetters: 0,
    subscriptionDeliveries: 0,
    withholdings: 0,
    events: 0,
  };
}
