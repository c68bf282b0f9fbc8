/**
 * A statement reading rows of `table` for each subject in `$1` (text[]), as `r`: one index look-up
 * per subject (a lateral sub-select, kept apart by OFFSET 0 so the planner cannot turn it into a
 * join). Written as `subject = ANY($1)`, the plan hangs on the table's statistics: on a table not
 * analysed lately PostgreSQL guessed millions of rows, read the whole table (growing with it) and
 * compiled the query with JIT, tens of milliseconds a batch. `where` adds conditions on `t`;
 * `lock` locks the rows read (FOR UPDATE).
 */
export function perSubjectSql(table: string, columns: string, options: { readonly where?: string; readonly lock?: boolean } = {}): string {
  return `SELECT r.* FROM unnest($1::text[]) AS s (subject)
     CROSS JOIN LATERAL (SELECT ${columns} FROM ${table} t WHERE t.subject = s.subject${options.where ? ` AND ${options.where}` : ''}
                         OFFSET 0${options.lock ? ' FOR UPDATE' : ''}) AS r`;
}
