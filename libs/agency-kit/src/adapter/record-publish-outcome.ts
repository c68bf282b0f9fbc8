import type { Logger } from '@nestjs/common';
import { isUuid } from '@hub/contracts';
import type { DataSource } from 'typeorm';
import type { PublishOutcome } from '../outbound/publish-outcome.js';

/**
 * Keeps the hub's answer to one of the agency's published events on its `outbound_events` row
 * (idempotent: a re-read outcome writes the same); a refusal is logged with the hub's code and
 * message, so the agency's operators see it. An outcome for an event the adapter did not publish
 * (another of the agency's publishers, or a record without a readable id) changes nothing.
 */
export async function recordPublishOutcome(db: DataSource, outcome: PublishOutcome, logger: Logger): Promise<void> {
  // The hub answers a record it could not read as an event with no event id: nothing of ours to mark.
  if (!isUuid(outcome.eventId)) return;
  await db.query('UPDATE outbound_events SET outcome = $2, outcome_error = $3, outcome_at = $4 WHERE event_id = $1', [
    outcome.eventId,
    outcome.status,
    outcome.error === undefined ? null : JSON.stringify(outcome.error),
    outcome.at,
  ]);
  if (outcome.status === 'refused') {
    logger.warn({
      message: 'the hub refused a published event',
      eventId: outcome.eventId,
      code: outcome.error?.code,
      reason: outcome.error?.message,
      hint: 'see outbound_events.outcome_error for the field paths and rules; correct the decision and publish a new event',
    });
  }
}
