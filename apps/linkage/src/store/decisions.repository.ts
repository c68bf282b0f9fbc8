import type { EntityManager } from 'typeorm';
import { perSubjectSql } from './per-subject.js';
import type { DecisionRow } from './linkage-rows.js';

const SELECT = `key, subject, rule_id AS "ruleId", rule_version AS "ruleVersion", outcome, explanation,
  input_event_ids AS "inputEventIds", thresholds, findings, notify, digest, to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn"`;

/** The `decisions` table; every method runs in the caller's transaction. */
export class DecisionsRepository {
  async ofSubject(tx: EntityManager, subject: string): Promise<DecisionRow[]> {
    return tx.query<DecisionRow[]>(`SELECT ${SELECT} FROM decisions WHERE subject = $1 ORDER BY key`, [subject]);
  }

  /** The decisions of each of these people, by subject (each person's in key order). */
  async ofSubjects(tx: EntityManager, subjects: readonly string[]): Promise<Map<string, DecisionRow[]>> {
    if (subjects.length === 0) return new Map();
    const rows = await tx.query<DecisionRow[]>(`${perSubjectSql('decisions', SELECT)} ORDER BY r.subject, r.key`, [[...new Set(subjects)]]);
    return groupBySubject(rows);
  }

  /** Inserts or replaces the rows in one statement. */
  async save(tx: EntityManager, rows: readonly DecisionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO decisions (key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, findings, notify, digest, decided_on, updated_at)
       SELECT r ->> 'key', r ->> 'subject', r ->> 'ruleId', (r ->> 'ruleVersion')::int, r ->> 'outcome', r -> 'explanation',
              ARRAY(SELECT jsonb_array_elements_text(r -> 'inputEventIds')), r -> 'thresholds', nullif(r -> 'findings', 'null'::jsonb),
              ARRAY(SELECT jsonb_array_elements_text(r -> 'notify')), r ->> 'digest', (r ->> 'decidedOn')::date, now()
         FROM jsonb_array_elements($1::jsonb) AS r
       ON CONFLICT (key) DO UPDATE SET subject = EXCLUDED.subject, rule_id = EXCLUDED.rule_id, rule_version = EXCLUDED.rule_version,
         outcome = EXCLUDED.outcome, explanation = EXCLUDED.explanation, input_event_ids = EXCLUDED.input_event_ids,
         thresholds = EXCLUDED.thresholds, findings = EXCLUDED.findings, notify = EXCLUDED.notify, digest = EXCLUDED.digest,
         decided_on = EXCLUDED.decided_on, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  async delete(tx: EntityManager, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await tx.query('DELETE FROM decisions WHERE key = ANY($1::text[])', [keys]);
  }
}

/** Rows grouped by their subject, in the order given. */
export function groupBySubject<T extends { readonly subject: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.subject);
    if (group) group.push(row);
    else groups.set(row.subject, [row]);
  }
  return groups;
}
