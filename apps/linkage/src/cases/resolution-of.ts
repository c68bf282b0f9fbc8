import type { ChainEvent } from '../chain/person-chain.types.js';
import type { DecisionRow } from '../store/linkage-rows.js';

/** How the latest fact behind a decision resolves a case (code list linkage-case-resolution). */
const RESOLUTION_BY_EVENT: Readonly<Record<string, string>> = {
  'residence-permit.cancelled': 'residence-cancelled',
  'residence-permit.shortened': 'residence-shortened',
  'residence-permit.renewed': 'kept-with-reason',
  'residence-permit.issued': 'kept-with-reason',
  'work-permit.revoked': 'permit-revoked',
  'work-permit.documents-supplied': 'documents-verified',
  'education.degree-conferred': 'checked-with-education',
};

/**
 * The resolution the service records on a case no decision asks for any more: read from the
 * latest input event of the decision that replaced it (public security shortened or cancelled the
 * residence permit, the documents came, the degree was found), `no-action-needed` otherwise.
 */
export function resolutionOf(decision: DecisionRow | undefined, events: ReadonlyMap<string, ChainEvent>): string {
  if (!decision) return 'no-action-needed';
  if (decision.outcome === 'item-fulfilled' || decision.outcome === 'item-fulfilled-late' || decision.outcome === 'verified') {
    return 'documents-verified';
  }
  const inputs = decision.inputEventIds
    .map((id) => events.get(id))
    .filter((event): event is ChainEvent => event !== undefined)
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || (a.id < b.id ? 1 : -1));
  for (const event of inputs) {
    const resolution = RESOLUTION_BY_EVENT[event.type];
    if (resolution) return resolution;
  }
  return 'no-action-needed';
}
