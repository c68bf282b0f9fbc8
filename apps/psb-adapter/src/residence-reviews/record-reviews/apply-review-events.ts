import type { InboundEvent } from '@hub/agency-kit';
import type { EntityManager } from 'typeorm';
import type { ReviewEvent } from './read-review-event.js';

/** Case ids opened or changed now, in order. */
export type ReviewsApplied = readonly string[];

/**
 * Records each case in `residence_reviews`, newest event winning (an older one changes nothing); the
 * officer's decision, once made, stays with the case whatever state the linkage service gives it.
 */
export async function applyReviewEvents(tx: EntityManager, events: readonly InboundEvent<ReviewEvent>[]): Promise<ReviewsApplied> {
  const changed: string[] = [];
  for (const { event } of events) {
    const rows = await tx.query<unknown[]>(
      `INSERT INTO residence_reviews AS r (case_id, subject_id, region, work_permit_no, rule_id, state, opened_on, due_date,
          explanation_zh, explanation_en, source_event_id, event_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, due_date = COALESCE(EXCLUDED.due_date, r.due_date),
          explanation_zh = EXCLUDED.explanation_zh, explanation_en = EXCLUDED.explanation_en,
          source_event_id = EXCLUDED.source_event_id, event_time = EXCLUDED.event_time
        WHERE r.event_time <= EXCLUDED.event_time
       RETURNING 1`,
      [
        event.caseId,
        event.subject,
        event.region,
        event.workPermitNo,
        event.ruleId,
        event.state,
        event.openedOn,
        event.dueDate,
        event.explanationZh,
        event.explanationEn,
        event.id,
        event.time,
      ],
    );
    if (rows.length > 0) changed.push(event.caseId);
  }
  return changed;
}
