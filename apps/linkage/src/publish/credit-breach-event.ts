import type { PersonChain } from '../chain/person-chain.types.js';
import type { DecisionRow } from '../store/linkage-rows.js';
import type { EventToPublish } from './linkage-event-writer.js';

/** The outcome under which rule 2 finds a commitment untrue. */
export const COMMITMENT_BREACHED_OUTCOME = 'commitment-breached';

/**
 * The `credit.commitment-breached` v1 event for a commitment the bureau found untrue (rule 2,
 * outcome `commitment-breached`), so it reaches the credit agency: built from the person's chain
 * (the application as accepted, the commitment, and the holder as work-permit.commitment-verified
 * names them, the one event the linkage agency receives with raw identifiers) and the decision.
 * Undefined when the chain lacks the commitment or a whole holder (nothing is guessed).
 */
export function creditBreachOf(decision: DecisionRow, chain: PersonChain, region: string): EventToPublish | undefined {
  if (decision.outcome !== COMMITMENT_BREACHED_OUTCOME) return undefined;
  for (const application of Object.values(chain.state.applications)) {
    const commitment = application.commitments.find((c) => decision.key.endsWith(`:${c.commitmentNo}`));
    if (!commitment) continue;
    const holder = [commitment.verification?.eventId, application.acceptedEventId]
      .map((id) => chain.events.find((event) => event.id === id))
      .map((event) => (event && 'holder' in event.data ? event.data.holder : undefined))
      .find((person) => typeof person?.passportNo === 'string' && typeof person.name === 'string');
    if (!holder || !application.acceptedOn) return undefined;
    const found = commitment.verification?.verifiedOn ?? decision.decidedOn;
    const breachedOn = found < application.acceptedOn ? application.acceptedOn : found;
    return {
      type: 'credit.commitment-breached',
      subject: decision.subject,
      region,
      data: {
        recordNo: `LNK-CB-${commitment.commitmentNo}`.slice(0, 40),
        holder,
        commitmentNo: commitment.commitmentNo,
        applicationNo: application.applicationNo,
        documentKind: commitment.kind,
        committedOn: application.acceptedOn,
        ...(commitment.verifyBy > application.acceptedOn ? { dueOn: commitment.verifyBy } : {}),
        breach: 'false-statement',
        breachedOn,
        description: (commitment.verification?.note ?? decision.explanation.en).slice(0, 1000),
      },
    };
  }
  return undefined;
}
