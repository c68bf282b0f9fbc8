import type { PublishOutcome } from '@hub/agency-kit';
import { heldReason, outcomeConflict, type ConflictOutcomeFacts } from '../../events/index.js';

/**
 * The held records' outcomes with why they are held: the conflict (holder, both versions) and a
 * zh/en reason naming the agency that holds the record and its version. `held` maps a record's
 * outbound offset to its conflict id; `facts` the conflict id to what the queue holds. A conflict the
 * queue did not answer (it cannot vanish, but the outcome is sent either way) keeps its bare `held`.
 */
export function explainHeld(
  outcomes: readonly PublishOutcome[],
  held: ReadonlyMap<string, string>,
  facts: ReadonlyMap<string, ConflictOutcomeFacts>,
): PublishOutcome[] {
  return outcomes.map((outcome) => {
    const conflictId = outcome.status === 'held' ? held.get(outcome.outboundOffset.offset) : undefined;
    const conflict = conflictId === undefined ? undefined : facts.get(conflictId);
    if (!conflict) return outcome;
    const open = { ...conflict, state: 'open' as const };
    return { ...outcome, error: heldReason(open), conflict: outcomeConflict(open) };
  });
}
