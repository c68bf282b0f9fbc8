import type { FieldCipher } from './field-cipher.js';
import { looksEncrypted } from './field-token.js';
import { reencryptEventData, type EventWithData } from './protect-event.js';
import type { ProtectedField } from './raw-identifier-fields.js';
import { FIELD_PROTECTION_CODES, FieldProtectionError } from './protection.errors.js';
import { prepareStatements, rowsOf, type ColumnKind } from './reencrypt-statements.js';

/**
 * Runs one SQL statement with `$1`-style parameters and resolves to its rows. TypeORM:
 * `(sql, params) => dataSource.query<unknown>(sql, params)`; pg:
 * `(sql, params) => pool.query<Record<string, unknown>>(sql, params).then((r) => r.rows)`.
 */
export type SqlQuery = (sql: string, parameters: unknown[]) => Promise<unknown>;

/** Counts so far, reported after every batch and returned at the end. */
export interface RewriteProgress {
  /** Rows read. */
  readonly scanned: number;
  /** Rows written back with new values. */
  readonly rewritten: number;
  /** Rows already as wanted (under the active key), or NULL. */
  readonly unchanged: number;
  /** Rows that changed between read and write (another writer won); run again to pick them up. */
  readonly skipped: number;
  /** The id (as text) of the last row read; the next batch starts after it. */
  readonly lastId: string | undefined;
}

/** Which column of which table, and how to go through it. */
export interface ColumnTarget {
  readonly query: SqlQuery;
  /** Table name, optionally schema-qualified (`audit.people`); plain SQL identifiers only. */
  readonly table: string;
  /** A unique, ordered column (the primary key) to page through the table by. */
  readonly idColumn: string;
  readonly column: string;
  /** Rows per batch; 500 when left out. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RewriteProgress) => void;
  /** Stops between batches when aborted (the batches done so far stay done). */
  readonly signal?: AbortSignal;
}

export interface ReencryptColumnOptions extends ColumnTarget {
  readonly cipher: FieldCipher;
  /** The context each value was encrypted with, from its row's id (as text). */
  readonly context: (id: string) => string;
  /** Encrypt plain-text values (rows written before encryption) instead of refusing them. */
  readonly encryptPlaintext?: boolean;
}

/**
 * Brings a text column of field tokens under the cipher's active key, batch by batch in id order:
 * tokens under older keys are re-encrypted, tokens under the active key are only checked, NULLs
 * are left alone. Each batch is written with one statement that changes a row only if it still
 * holds the value read, so it is safe beside live writers and can be stopped and run again at any
 * time. A value that does not decrypt stops the run with its error, naming the row id.
 */
export async function reencryptColumn(options: ReencryptColumnOptions): Promise<RewriteProgress> {
  const { cipher, context, encryptPlaintext = false } = options;
  return rewriteColumn(options, 'text', (value, id) => {
    if (typeof value !== 'string') return undefined;
    if (looksEncrypted(value)) return cipher.reencrypt(value, context(id));
    if (encryptPlaintext) return cipher.encrypt(value, context(id));
    throw new FieldProtectionError(
      FIELD_PROTECTION_CODES.notEncrypted,
      'The column holds plain text; pass encryptPlaintext to encrypt it in this run.',
    );
  });
}

export interface ReencryptEventColumnOptions extends Partial<Pick<ColumnTarget, 'table' | 'idColumn' | 'column'>> {
  readonly query: SqlQuery;
  readonly cipher: FieldCipher;
  readonly fields?: readonly ProtectedField[];
  readonly encryptPlaintext?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RewriteProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Brings the raw identifiers of stored event envelopes (a jsonb column, `events.envelope` by
 * default) under the active key, as reencryptColumn does for a text column. A row whose envelope
 * id is not the row's id is refused: the envelope was moved there.
 */
export async function reencryptEventColumn(options: ReencryptEventColumnOptions): Promise<RewriteProgress> {
  const target = { ...options, table: options.table ?? 'events', idColumn: options.idColumn ?? 'id', column: options.column ?? 'envelope' };
  return rewriteColumn(target, 'jsonb', (value, id) => {
    const envelope = value as EventWithData;
    // Compared without case: a uuid column reads back lower-case whatever case the publisher sent.
    if (typeof value !== 'object' || value === null || typeof envelope.id !== 'string' || envelope.id.toLowerCase() !== id.toLowerCase()) {
      throw new FieldProtectionError(
        FIELD_PROTECTION_CODES.authenticationFailed,
        'The stored envelope is not an event envelope with the id of its row; it was altered or moved. Restore it from its source.',
      );
    }
    const { envelope: next, changed } = reencryptEventData(options.cipher, envelope, options);
    return changed === 0 ? value : next;
  });
}

/**
 * Pages through `table` by `idColumn` and writes back what `rewrite` returns for each value
 * (undefined or the same value: leave the row). The shared engine of the helpers above.
 */
async function rewriteColumn(
  target: ColumnTarget,
  kind: ColumnKind,
  rewrite: (value: unknown, id: string) => unknown,
): Promise<RewriteProgress> {
  const batchSize = target.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw targetError(`The batch size must be a positive whole number, not ${batchSize}.`);
  const sql = await prepareStatements(target, kind);
  let progress: RewriteProgress = { scanned: 0, rewritten: 0, unchanged: 0, skipped: 0, lastId: undefined };
  for (;;) {
    target.signal?.throwIfAborted();
    const rows = asRows(
      await target.query(
        progress.lastId === undefined ? sql.first : sql.next,
        progress.lastId === undefined ? [batchSize] : [progress.lastId, batchSize],
      ),
    );
    if (rows.length === 0) return progress;
    const changes = rows.flatMap((row) => {
      const next = rewriteRow(rewrite, row);
      return next === undefined ? [] : [{ id: row.id, before: encode(row.value, kind), after: encode(next, kind) }];
    });
    const written = changes.length === 0 ? 0 : await writeBatch(target.query, sql.update, changes);
    progress = {
      scanned: progress.scanned + rows.length,
      rewritten: progress.rewritten + written,
      unchanged: progress.unchanged + rows.length - changes.length,
      skipped: progress.skipped + changes.length - written,
      lastId: rows[rows.length - 1]?.id,
    };
    target.onProgress?.(progress);
    if (rows.length < batchSize) return progress;
  }
}

interface Row {
  readonly id: string;
  readonly value: unknown;
}

function rewriteRow(rewrite: (value: unknown, id: string) => unknown, row: Row): unknown {
  if (row.value === null) return undefined;
  try {
    const next = rewrite(row.value, row.id);
    return next === row.value ? undefined : next;
  } catch (error) {
    if (error instanceof FieldProtectionError) {
      throw new FieldProtectionError(error.code, `Row ${row.id}: ${error.message}`, { ...error.context, rowId: row.id }, error);
    }
    throw error;
  }
}

async function writeBatch(
  query: SqlQuery,
  update: string,
  changes: readonly { id: string; before: string; after: string }[],
): Promise<number> {
  const [result] = asCounts(
    await query(update, [
      changes.map((change) => change.id),
      changes.map((change) => change.before),
      changes.map((change) => change.after),
    ]),
  );
  return result?.updated ?? 0;
}

function encode(value: unknown, kind: ColumnKind): string {
  return kind === 'jsonb' ? JSON.stringify(value) : String(value);
}

function asRows(result: unknown): Row[] {
  return rowsOf(result).map((row) => ({ id: String(row.id), value: row.value }));
}

function asCounts(result: unknown): { updated: number }[] {
  return rowsOf(result).map((row) => ({ updated: Number(row.updated) }));
}

function targetError(message: string): FieldProtectionError {
  return new FieldProtectionError(FIELD_PROTECTION_CODES.targetInvalid, message);
}
