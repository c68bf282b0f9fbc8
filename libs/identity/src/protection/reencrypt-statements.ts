import { FIELD_PROTECTION_CODES, FieldProtectionError } from './protection.errors.js';

/** What the re-encryption helpers store in a column: field tokens in text, or JSON documents holding them. */
export type ColumnKind = 'text' | 'jsonb';

/** The statements of one run: the first batch, each next batch after a given id, and the guarded write-back. */
export interface Statements {
  readonly first: string;
  readonly next: string;
  readonly update: string;
}

/** Checks the names, looks up the column types, and builds the three statements of a run. */
export async function prepareStatements(
  target: { query: (sql: string, parameters: unknown[]) => Promise<unknown>; table: string; idColumn: string; column: string },
  kind: ColumnKind,
): Promise<Statements> {
  const table = qualifiedName(target.table);
  const id = identifier(target.idColumn, 'id column');
  const column = identifier(target.column, 'column');
  const types = asTypes(
    await target.query(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a
        WHERE a.attrelid = to_regclass($1) AND a.attname = ANY($2::text[]) AND a.attnum > 0 AND NOT a.attisdropped`,
      [table, [target.idColumn, target.column]],
    ),
  );
  const idType = types.get(target.idColumn);
  const columnType = types.get(target.column);
  if (!idType || !columnType) {
    throw targetError(
      `Table ${target.table} with columns ${target.idColumn} and ${target.column} was not found; check the names and the search path.`,
    );
  }
  const textual = /^(text|character varying(\(\d+\))?)$/.test(columnType);
  if (kind === 'text' ? !textual : columnType !== 'jsonb') {
    throw targetError(
      `Column ${target.table}.${target.column} is ${columnType}; this helper needs ${kind === 'text' ? 'text or varchar' : 'jsonb'}.`,
    );
  }
  // Qualified with the alias t: in ORDER BY a bare name would mean the text output column, not the key.
  const select = `SELECT t.${id}::text AS id, t.${column} AS value FROM ${table} AS t`;
  return {
    first: `${select} ORDER BY t.${id} LIMIT $1`,
    next: `${select} WHERE t.${id} > $1::${idType} ORDER BY t.${id} LIMIT $2`,
    update: `WITH changes AS (
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS c(id, before, after)
             ), updated AS (
               UPDATE ${table} AS t SET ${column} = changes.after::${columnType}
                 FROM changes
                WHERE t.${id} = changes.id::${idType} AND t.${column} = changes.before::${columnType}
               RETURNING 1
             )
             SELECT count(*)::int AS updated FROM updated`,
  };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw targetError(`The ${what} must be a plain SQL identifier (letters, digits, _), not "${name}".`);
  return `"${name}"`;
}

function qualifiedName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2) throw targetError(`The table must be <table> or <schema>.<table>, not "${name}".`);
  return parts.map((part) => identifier(part, 'table')).join('.');
}

function asTypes(result: unknown): Map<string, string> {
  return new Map(rowsOf(result).map((row) => [String(row.name), String(row.type)]));
}

/** The rows a query function resolved to, refusing anything else (a pg QueryResult instead of its rows, say). */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (!Array.isArray(result)) throw new Error('The query function must resolve to the array of result rows (with pg, return result.rows).');
  return result as Record<string, unknown>[];
}

function targetError(message: string): FieldProtectionError {
  return new FieldProtectionError(FIELD_PROTECTION_CODES.targetInvalid, message);
}
