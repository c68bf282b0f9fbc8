import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = join(import.meta.dirname, '..', '..');

/** Every TypeScript source file under these folders, specs left out (they read rows, they do not page them). */
function sources(...folders: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'console-web') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !/\.(int-|e2e-|browser-)?spec\.ts$/.test(entry.name)) files.push(path);
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files;
}

/** The string and template literals of a TypeScript source, comments skipped (an apostrophe in a comment opens no string). */
function stringLiterals(source: string): { text: string; at: number }[] {
  const literals: { text: string; at: number }[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    const next = source[i + 1];
    if (char === '/' && next === '/') i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (char === '/' && next === '*') i = source.indexOf('*/', i + 2) === -1 ? source.length : source.indexOf('*/', i + 2) + 2;
    else if (char === "'" || char === '"' || char === '`') {
      let end = i + 1;
      while (end < source.length && source[end] !== char) end += source[end] === '\\' ? 2 : 1;
      literals.push({ text: source.slice(i + 1, end), at: i });
      i = end + 1;
    } else i += 1;
  }
  return literals;
}

/** A SQL keyword that may stand right before a subquery's `(`: the ORDER BY inside is a query's own. */
const BEFORE_SUBQUERY = new Set([
  'AS',
  'FROM',
  'IN',
  'EXISTS',
  'JOIN',
  'LATERAL',
  'ANY',
  'ALL',
  'SOME',
  'NOT',
  'UNION',
  'SELECT',
  'WHERE',
  'AND',
  'OR',
]);

/**
 * The names a statement's select list gives to a column of the same name converted to another type:
 * `id::text`, `id::text AS id`, `to_char(day, …) AS day`, `to_json(at) #>> '{}' AS at`.
 */
function shadowedNames(sql: string): Set<string> {
  const names = new Set<string>();
  for (const cast of sql.matchAll(/(?<![\w.])(?:\w+\.)?"?(\w+)"?::\w+(?:\[\])?(?:\s+AS\s+"?(\w+)"?)?/gi)) {
    const [, column, alias] = cast;
    if (column && (alias === undefined || alias === column)) names.add(column);
  }
  for (const call of sql.matchAll(/\b(?:to_char|to_json|to_jsonb)\(\s*(?:\w+\.)?"?(\w+)"?[^)]*\)(?:\s*#>>\s*'\{\}')?\s+AS\s+"?(\w+)"?/gi)) {
    const [, column, alias] = call;
    if (column && alias === column) names.add(column);
  }
  return names;
}

/** The bare names (no table qualifier) a statement orders by, outside aggregates and window clauses. */
function bareOrderKeys(sql: string): string[] {
  const keys: string[] = [];
  for (const order of sql.matchAll(/ORDER BY\s+/gi)) {
    const at = order.index ?? 0;
    if (insideCallOrWindow(sql, at)) continue;
    const rest = sql.slice(at + order[0].length);
    // Keywords in capitals, as the sources write them; a quoted "offset" is a column.
    const list = rest.split(/(?<!["\w])(?:LIMIT|OFFSET|FOR\s+UPDATE|FOR\s+SHARE|FETCH)(?!["\w])|\)|;/)[0] ?? '';
    for (const item of list.split(',')) {
      const key = /^\s*"?([A-Za-z_]\w*)"?\s*(?:ASC|DESC|NULLS\s+\w+|COLLATE\s+\S+)*\s*$/i.exec(item)?.[1];
      if (key) keys.push(key);
    }
  }
  return keys;
}

/** Whether the ORDER BY at `at` is inside `f(…)` (an aggregate's) or `OVER (…)`, where a bare name is the input column. */
function insideCallOrWindow(sql: string, at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= 0; i -= 1) {
    const char = sql[i];
    if (char === ')') depth += 1;
    else if (char === '(') {
      if (depth > 0) {
        depth -= 1;
        continue;
      }
      const word = /(\w+)\s*$/.exec(sql.slice(Math.max(0, i - 40), i))?.[1]?.toUpperCase();
      return word !== undefined && !BEFORE_SUBQUERY.has(word);
    }
  }
  return false;
}

/**
 * PostgreSQL resolves a bare name in ORDER BY to an output column before an input column. A select
 * list that returns `id::text` (or `to_char(day, …) AS day`) and orders by `id` orders by the text:
 * row 100 before row 99, a keyset page that skips or repeats rows. Such a statement must name the
 * table's column (`ORDER BY outbox.id`).
 */
describe('ORDER BY in the SQL of the sources', () => {
  it('never orders by an output column that shadows a column of the same name with another type', () => {
    const found: string[] = [];
    for (const file of sources('apps', 'libs', 'scripts', 'bench')) {
      const text = readFileSync(file, 'utf8');
      for (const literal of stringLiterals(text)) {
        const sql = literal.text;
        if (!/ORDER BY/i.test(sql)) continue;
        const shadowed = shadowedNames(sql);
        for (const key of bareOrderKeys(sql)) {
          if (shadowed.has(key)) found.push(`${relative(root, file)}:${text.slice(0, literal.at).split('\n').length} ORDER BY ${key}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('finds the statements it is meant to find, and leaves aggregates and qualified names alone', () => {
    const check = (sql: string): string[] => bareOrderKeys(sql).filter((key) => shadowedNames(sql).has(key));
    expect(check('SELECT id::text, event FROM outbox WHERE sent IS NULL ORDER BY id LIMIT $1 FOR UPDATE')).toEqual(['id']);
    expect(check(`SELECT "offset"::text AS "offset" FROM dead_letters ORDER BY topic, partition, "offset"`)).toEqual(['offset']);
    expect(check(`SELECT to_json(ran_at) #>> '{}' AS ran_at FROM checks ORDER BY ran_at, id`)).toEqual(['ran_at']);
    expect(check('SELECT id::text FROM outbox ORDER BY outbox.id LIMIT 5')).toEqual([]);
    expect(check('SELECT agency, array_agg(id::text ORDER BY id) AS ids FROM subscriptions GROUP BY agency')).toEqual([]);
    expect(check('SELECT id::int AS id FROM dead_letters ORDER BY id')).toEqual(['id']);
    expect(check('SELECT count(*)::int AS n, kind FROM cases GROUP BY kind ORDER BY kind')).toEqual([]);
  });
});
