import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { AUDIT_FORMAT_CHECKS, AUDIT_FORMAT_PATTERNS } from './migrations/1764880000000-plain-audit-format-checks.js';
import { createAuditTestDatabase, type AuditTestDatabase } from './testing/audit-test-database.js';

const tail = (length: number, char = 'a'): string => char.repeat(length);

/** Strings on both sides of every rule of the three formats: kinds, first characters, lengths, segments. */
const CANDIDATES: Record<keyof typeof AUDIT_FORMAT_CHECKS, string[]> = {
  actor: [
    ...['agency', 'admin', 'system', 'Agency', 'agent', 'systems', ''].flatMap((kind) =>
      [0, 1, 2, 127, 128, 129, 200].flatMap((length) => [
        `${kind}:${tail(length)}`,
        `${kind}:B${tail(Math.max(0, length - 1), ':')}`,
        `${kind}:9${tail(Math.max(0, length - 1), '@')}`,
        `${kind}:.${tail(Math.max(0, length - 1))}`,
      ]),
    ),
    'agency:bureau-310000',
    'admin:ops.1@example.gov.cn',
    'system:router',
    'agency:bureau 310000',
    'agency:bureau-310000\n',
    'agency:局',
    'agency',
    ':bureau',
  ],
  action: [
    ...[1, 2, 3, 4, 5].flatMap((segments) =>
      [1, 39, 40, 41].flatMap((length) =>
        Array.from({ length: segments }, (_, at) => [
          Array.from({ length: segments }, (_, s) => (s === at ? `e${tail(length - 1, '-')}` : 'x')).join('.'),
          Array.from({ length: segments }, (_, s) => (s === at ? `e${tail(length - 1, '9')}` : 'x')).join('.'),
        ]).flat(),
      ),
    ),
    'event.published',
    'event.dispatched',
    'console.operator.session-started',
    'event..published',
    'event.',
    '.event',
    'Event.published',
    'event.9published',
    'event.pub_lished',
    'event.published\n',
    '',
  ],
  purpose: [
    ...[0, 1, 2, 127, 128, 129, 300].flatMap((length) => [
      `p${tail(Math.max(0, length - 1))}`,
      `0${tail(Math.max(0, length - 1), '/')}`,
      `.${tail(Math.max(0, length - 1))}`,
      tail(length, ':'),
    ]),
    'permit-sharing',
    'residence-review:2026/12',
    'Permit-sharing',
    'permit sharing',
    'permit-sharing\n',
    '',
  ],
};

describe('the audit tables check actor, action and purpose without bounded repetitions', () => {
  let db: AuditTestDatabase;
  beforeAll(async () => {
    db = await createAuditTestDatabase(TEST_DATABASE_SERVER_URL, 2);
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each(Object.keys(AUDIT_FORMAT_CHECKS) as (keyof typeof AUDIT_FORMAT_CHECKS)[])(
    'the %s check accepts exactly what the old pattern accepted',
    async (column) => {
      const rows = await db.dataSource.query<{ value: string; old: boolean; now: boolean }[]>(
        `SELECT ${column} AS value, ${column} ~ $2 AS old, coalesce((${AUDIT_FORMAT_CHECKS[column]}), false) AS now
           FROM unnest($1::text[]) AS candidate(${column})`,
        [CANDIDATES[column], AUDIT_FORMAT_PATTERNS[column]],
      );
      expect(rows).toHaveLength(CANDIDATES[column].length);
      expect(rows.filter((row) => row.old !== row.now)).toEqual([]);
      // Both sides of the rule are among the candidates.
      expect(rows.some((row) => row.old)).toBe(true);
      expect(rows.some((row) => !row.old)).toBe(true);
    },
  );

  it('is what both tables enforce, under the constraint names they had', async () => {
    const constraints = await db.dataSource.query<{ name: string; definition: string }[]>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid IN ('audit_log'::regclass, 'audit_leaves'::regclass) AND conname LIKE '%\\_format' ORDER BY conname`,
    );
    expect(constraints.map((c) => c.name)).toEqual([
      'audit_leaves_action_format',
      'audit_leaves_actor_format',
      'audit_leaves_purpose_format',
      'audit_log_action_format',
      'audit_log_actor_format',
      'audit_log_purpose_format',
    ]);
    // No repetition bound of 10 or more, which the regex engine would unroll.
    for (const { definition } of constraints) expect(definition).not.toMatch(/\{\d*,?\d{2,}\}/);

    const append = (actor: string, action: string, purpose: string) =>
      db.dataSource.query(`INSERT INTO audit_leaves (at, actor, action, purpose, detail) VALUES (now(), $1, $2, $3, '{}')`, [
        actor,
        action,
        purpose,
      ]);
    await expect(append(`agency:${tail(128)}`, 'event.published', 'permit-sharing')).resolves.toBeDefined();
    await expect(append(`agency:${tail(129)}`, 'event.published', 'permit-sharing')).rejects.toMatchObject({
      code: '23514',
      constraint: 'audit_leaves_actor_format',
    });
    await expect(append('agency:bureau-310000', `event.${tail(41)}`, 'permit-sharing')).rejects.toMatchObject({
      code: '23514',
      constraint: 'audit_leaves_action_format',
    });
    await expect(append('agency:bureau-310000', 'event.published', tail(129))).rejects.toMatchObject({
      code: '23514',
      constraint: 'audit_leaves_purpose_format',
    });
  });
});
