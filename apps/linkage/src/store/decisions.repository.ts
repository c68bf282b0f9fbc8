import type { EntityManager } from 'typeorm';
import type { DecisionRow } from './linkage-rows.js';

const SELECT = `key, subject, rule_id AS "ruleId", rule_version AS "ruleVersion", outcome, explanation,
  input_event_ids AS "inputEventIds", thresholds, findings, notify, digest, to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn"`;

/** The `decisions` table; every method runs in the caller's transaction. */
export class DecisionsRepository {
  async ofSubject(tx: EntityManager, subject: string): Promise<DecisionRow[]> {
    return tx.query<DecisionRow[]>(`SELECT ${SELECT} FROM decisions WHERE subject = $1 ORDER BY key`, [subject]);
  }

  async save(tx: EntityManager, rows: readonly DecisionRow[]): Promise<void> {
    for (const row of rows) {
      await tx.query(
        `INSERT INTO decisions (key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, findings, notify, digest, decided_on, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
         ON CONFLICT (key) DO UPDATE SET subject = EXCLUDED.subject, rule_id = EXCLUDED.rule_id, rule_version = EXCLUDED.rule_version,
           outcome = EXCLUDED.outcome, explanation = EXCLUDED.explanation, input_event_ids = EXCLUDED.input_event_ids,
           thresholds = EXCLUDED.thresholds, findings = EXCLUDED.findings, notify = EXCLUDED.notify, digest = EXCLUDED.digest,
           decided_on = EXCLUDED.decided_on, updated_at = now()`,
        [
          row.key,
          row.subject,
          row.ruleId,
          row.ruleVersion,
          row.outcome,
          JSON.stringify(row.explanation),
          row.inputEventIds,
          JSON.stringify(row.thresholds),
          row.findings === null ? null : JSON.stringify(row.findings),
          row.notify,
          row.digest,
          row.decidedOn,
        ],
      );
    }
  }

  async delete(tx: EntityManager, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await tx.query('DELETE FROM decisions WHERE key = ANY($1::text[])', [keys]);
  }
}
