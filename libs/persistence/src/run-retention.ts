import type { DataSource, QueryRunner } from 'typeorm';
import { deleteInBatches, deletedCount, type BatchLimits } from './delete-in-batches.js';

/** One kind of row a retention run deletes: rows older than `before`, one batch per call of `deleteBatch`. */
export interface RetentionKind {
  /** ISO 8601 time; rows older than this go. */
  readonly before: string;
  /** Deletes at most `batchSize` rows older than `before` on the run's connection, resolving to how many it deleted. */
  readonly deleteBatch: (runner: QueryRunner, before: string, batchSize: number) => Promise<number>;
}

/** What a retention run did, per kind. */
export interface RetentionRun<K extends string> {
  /** False when another process was already retiring; nothing was done. */
  readonly ran: boolean;
  readonly retired: Readonly<Record<K, number>>;
  /** The times before which rows were retired (ISO 8601). */
  readonly before: Readonly<Record<K, string>>;
}

/**
 * One retention run of a service: under a session advisory lock (`lockKey`; a second process finds
 * it taken and does nothing), each kind's rows are deleted in batches (deleteInBatches), and the run
 * is recorded in `retention_runs` (retired counts and times, both JSON objects by kind).
 */
export async function runRetention<K extends string>(
  dataSource: DataSource,
  lockKey: number,
  kinds: Readonly<Record<K, RetentionKind>>,
  limits: BatchLimits,
): Promise<RetentionRun<K>> {
  const names = Object.keys(kinds) as K[];
  const before = Object.fromEntries(names.map((name) => [name, kinds[name].before])) as Record<K, string>;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS held', [lockKey])) as { held: boolean }[];
    if (!lock?.held) return { ran: false, retired: Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>, before };
    try {
      const retired = {} as Record<K, number>;
      for (const name of names) {
        const kind = kinds[name];
        retired[name] = await deleteInBatches(() => kind.deleteBatch(runner, kind.before, limits.batchSize), limits);
      }
      await runner.query('INSERT INTO retention_runs (retired, retired_before) VALUES ($1, $2)', [
        JSON.stringify(retired),
        JSON.stringify(before),
      ]);
      return { ran: true, retired, before };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Deletes one batch from an append-only table through its guard's one door: in a transaction of its
 * own, with `setting` (a custom setting the table's trigger reads, transaction-local) set to `before`.
 * `sql` takes `$1` (before) and `$2` (the batch size).
 */
export async function deleteThroughGuard(
  runner: QueryRunner,
  setting: string,
  sql: string,
  before: string,
  batchSize: number,
): Promise<number> {
  await runner.startTransaction();
  try {
    await runner.query('SELECT set_config($1, $2, true)', [setting, before]);
    const deleted = deletedCount(await runner.query(sql, [before, batchSize]));
    await runner.commitTransaction();
    return deleted;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

/** `retention_runs` as a service's migration creates it: one row per run, append-only (its trigger raises `errcode`). */
export function retentionRunsTableSql(errcode: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS retention_runs (
        id             bigserial   PRIMARY KEY,
        ran_at         timestamptz NOT NULL DEFAULT now(),
        retired        jsonb       NOT NULL,
        retired_before jsonb       NOT NULL
      )`,
    `CREATE OR REPLACE FUNCTION retention_runs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'retention_runs is append-only: % refused', TG_OP USING ERRCODE = '${errcode}';
      END $$`,
    'DROP TRIGGER IF EXISTS retention_runs_append_only ON retention_runs',
    'CREATE TRIGGER retention_runs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON retention_runs FOR EACH STATEMENT EXECUTE FUNCTION retention_runs_refuse_change()',
  ];
}
