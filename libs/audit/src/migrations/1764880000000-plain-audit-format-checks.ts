import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The same formats for `actor`, `action` and `purpose` on `audit_log` and `audit_leaves`, checked
 * without bounded repetitions inside the regular expressions. PostgreSQL's regex engine unrolls
 * `{0,127}` into that many states, so the old checks cost about 80 µs per row and table (measured:
 * 100,000 actors in 4.8 s against 0.15 s for the unbounded pattern), on every audit row the publish
 * statement appends and again when it is sealed: about a tenth of the machine's CPU at full load.
 * The lengths are now checked with char_length, which accepts and refuses exactly the same strings:
 * - actor `^(agency|admin|system):[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$`: the unbounded pattern and
 *   at most 128 characters after the first ':' (the kind before it has none);
 * - action `^[a-z][a-z0-9-]{0,39}([.][a-z][a-z0-9-]{0,39}){1,3}$`: the unbounded pattern (2 to 4
 *   dot-separated segments) and each segment at most 40 characters (split_part gives '' past the last);
 * - purpose `^[a-z0-9][a-z0-9._:/-]{0,127}$`: the unbounded pattern and at most 128 characters.
 * `audit-format-checks.int-spec.ts` compares the two forms on the edge cases.
 *
 * The constraints keep their names. They are added NOT VALID and then validated, so a large trail
 * is read once without blocking appends for the scan.
 */
export class PlainAuditFormatChecks1764880000000 implements MigrationInterface {
  name = 'PlainAuditFormatChecks1764880000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'audit_leaves']) {
      for (const [column, check] of Object.entries(AUDIT_FORMAT_CHECKS)) {
        const constraint = `${table}_${column}_format`;
        await db.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraint}`);
        await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${check}) NOT VALID`);
        await db.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint}`);
      }
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'audit_leaves']) {
      for (const [column, check] of Object.entries(AUDIT_FORMAT_PATTERNS)) {
        const constraint = `${table}_${column}_format`;
        await db.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraint}`);
        await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${column} ~ '${check}')`);
      }
    }
  }
}

/** The checks as they stand since this migration, per column (SQL boolean expressions). */
export const AUDIT_FORMAT_CHECKS = {
  actor: `actor ~ '^(agency|admin|system):[A-Za-z0-9][A-Za-z0-9._@:-]*$' AND char_length(actor) - strpos(actor, ':') <= 128`,
  action:
    `action ~ '^[a-z][a-z0-9-]*([.][a-z][a-z0-9-]*){1,3}$'` +
    [1, 2, 3, 4].map((part) => ` AND char_length(split_part(action, '.', ${part})) <= 40`).join(''),
  purpose: `purpose ~ '^[a-z0-9][a-z0-9._:/-]*$' AND char_length(purpose) <= 128`,
} as const;

/** The patterns the checks had before (CreateAuditTrail1764170000000, AddAuditLeaves1764410000000). */
export const AUDIT_FORMAT_PATTERNS = {
  actor: '^(agency|admin|system):[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$',
  action: '^[a-z][a-z0-9-]{0,39}([.][a-z][a-z0-9-]{0,39}){1,3}$',
  purpose: '^[a-z0-9][a-z0-9._:/-]{0,127}$',
} as const;
