import type { EntityManager } from 'typeorm';
import type { DeliveryAuditEntry, DeliveryAuditPort } from '../delivery-ports.js';
import type { DeadLetterReason } from '../retry/retry-policy.js';
import type { AttemptResult } from '../transport/classify-exchange.js';
import type { ClaimedDelivery } from './claim-due-deliveries.js';
import { recordDeliveries } from './record-deliveries.js';
import { recordDeadLetter, scheduleRetry, type DeliveredOutcome } from './record-outcome.js';

/** What came of one attempt, to be written: delivered, retry after a delay, or dead letter. */
export type AttemptOutcomeRecord =
  | { readonly kind: 'delivered'; readonly claim: ClaimedDelivery; readonly result: AttemptResult; readonly delivered: DeliveredOutcome }
  | { readonly kind: 'retry'; readonly claim: ClaimedDelivery; readonly result: AttemptResult; readonly delayMs: number }
  | {
      readonly kind: 'dead';
      readonly claim: ClaimedDelivery;
      readonly result: AttemptResult | undefined;
      readonly reason: DeadLetterReason;
    };

/**
 * Writes the outcomes of several attempts in the caller's transaction (the delivered ones in one
 * statement, the rarer retries and dead letters one statement each), then the audit rows in one
 * call of the audit port, so each delivered or dead-lettered delivery commits with its audit row or
 * not at all. Resolves, in order, to whether each outcome was applied (false: its claim had been
 * superseded and nothing changed).
 */
export async function applyOutcomes(
  tx: EntityManager,
  outcomes: readonly AttemptOutcomeRecord[],
  audit: DeliveryAuditPort,
  actor: string,
): Promise<boolean[]> {
  const delivered = outcomes.filter((outcome) => outcome.kind === 'delivered');
  const deliveredEntries = await recordDeliveries(tx, delivered, actor);
  const entryOf = new Map(delivered.map((outcome, n) => [outcome, deliveredEntries[n]]));
  const applied: boolean[] = [];
  const entries: DeliveryAuditEntry[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'retry') {
      applied.push(await scheduleRetry(tx, outcome.claim, outcome.result, outcome.delayMs));
      continue;
    }
    const entry =
      outcome.kind === 'delivered'
        ? entryOf.get(outcome)
        : await recordDeadLetter(tx, outcome.claim, outcome.result, outcome.reason, actor);
    applied.push(entry !== undefined);
    if (entry) entries.push(entry);
  }
  if (entries.length > 0) await audit.record(entries, tx);
  return applied;
}
