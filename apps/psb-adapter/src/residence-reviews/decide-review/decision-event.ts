import type { ContractEventSpec } from '@hub/agency-kit';
import type { ReviewDecision } from './review-decision.js';

/** The holder of the work permit a review follows, as public security recorded them. */
export interface ReviewHolder {
  readonly passportNo: string;
  readonly nationality: string;
  readonly birthDate: string;
  readonly name: string;
}

/** What the decision event is about: the case, its person and region, the work permit it follows. */
export interface ReviewFacts {
  readonly caseId: string;
  readonly region: string;
  readonly workPermitNo: string | null;
  readonly holder: ReviewHolder;
}

/**
 * The `residence-permit.<decision>` v1 event announcing an officer's decision, as the agency kit's
 * signer builds it (a new id, `dataschema`, the case as correlation id).
 */
export function decisionEvent(facts: ReviewFacts, decision: ReviewDecision, now: Date): ContractEventSpec {
  const common = {
    permitNo: decision.residencePermitNo,
    holder: facts.holder,
    ...(facts.workPermitNo ? { workPermitNo: facts.workPermitNo } : {}),
  };
  return {
    type: `residence-permit.${decision.decision}`,
    contractVersion: 1,
    time: now,
    dataschema: true,
    region: facts.region,
    correlationId: `residence-review-${facts.caseId}`,
    data: { ...common, ...decisionData(decision) },
  };
}

function decisionData(decision: ReviewDecision): Record<string, unknown> {
  switch (decision.decision) {
    case 'shortened':
      return {
        shortenedOn: decision.decidedOn,
        previousValidTo: decision.previousValidTo,
        validTo: decision.validTo,
        reason: decision.reason,
        ...(decision.remarks ? { remarks: decision.remarks } : {}),
      };
    case 'cancelled':
      return { cancelledOn: decision.decidedOn, reason: decision.reason, ...(decision.remarks ? { remarks: decision.remarks } : {}) };
    case 'renewed':
      return {
        ...(decision.previousPermitNo ? { previousPermitNo: decision.previousPermitNo } : {}),
        purpose: decision.purpose,
        renewedOn: decision.decidedOn,
        previousValidTo: decision.previousValidTo,
        validTo: decision.validTo,
      };
  }
}
