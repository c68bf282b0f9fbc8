import { describe, expect, it } from '@jest/globals';
import { contractEvent } from '@hub/agency-kit';
import { validateEvent, ValidationFailedError } from '@hub/contracts';
import { decisionEvent } from './decision-event.js';
import { parseReviewDecision } from './review-decision.js';

const facts = {
  caseId: '6f1c8e52-3b7a-5d41-9a0e-2c4b8f7d1e93',
  region: '310115',
  workPermitNo: '310000202600001234',
  holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' },
};
const now = new Date('2026-12-01T02:00:00Z');

function issuesOf(body: unknown): { path: string; rule: string; messageZh?: string }[] {
  try {
    parseReviewDecision(body);
  } catch (error) {
    if (error instanceof ValidationFailedError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the decision refused');
}

describe('an officer’s residence decision', () => {
  it('makes a valid, contract-checked event for each decision, naming the holder and the work permit', () => {
    const bodies = [
      {
        decision: 'shortened',
        residencePermitNo: 'R310000260001234',
        decidedOn: '2026-12-01',
        previousValidTo: '2028-02-29',
        validTo: '2027-01-31',
        reason: 'work-permit-shortened',
      },
      {
        decision: 'cancelled',
        residencePermitNo: 'R310000260001234',
        decidedOn: '2026-12-01',
        reason: 'work-permit-ended',
        remarks: '工作许可已撤销',
      },
      {
        decision: 'renewed',
        residencePermitNo: 'R310000280000417',
        previousPermitNo: 'R310000260001234',
        decidedOn: '2026-12-01',
        previousValidTo: '2027-01-31',
        validTo: '2029-01-31',
        purpose: 'work',
      },
    ];
    for (const body of bodies) {
      const event = contractEvent('psb-310000', decisionEvent(facts, parseReviewDecision(body), now));
      expect(() => validateEvent(event)).not.toThrow();
      expect(event).toMatchObject({
        type: `residence-permit.${body.decision}`,
        agency: 'psb-310000',
        region: '310115',
        correlationid: `residence-review-${facts.caseId}`,
        data: { permitNo: body.residencePermitNo, holder: facts.holder, workPermitNo: facts.workPermitNo },
      });
    }
  });

  it('refuses a body naming each bad field with its rule, in en and zh', () => {
    expect(issuesOf({ decision: 'extended' })).toEqual([expect.objectContaining({ path: 'decision', rule: 'enum' })]);
    const issues = issuesOf({ decision: 'shortened', residencePermitNo: 'r-1', decidedOn: '1 Dec 2026', validTo: '2027-01-31' });
    expect(issues.map((i) => `${i.path}:${i.rule}`)).toEqual([
      'residencePermitNo:pattern',
      'decidedOn:pattern',
      'previousValidTo:required',
      'reason:required',
    ]);
    expect(issues.every((i) => typeof i.messageZh === 'string' && i.messageZh.length > 0)).toBe(true);
  });

  it('leaves code-list checks to the contract: an unknown reason breaks the event', () => {
    const decision = parseReviewDecision({
      decision: 'cancelled',
      residencePermitNo: 'R1',
      decidedOn: '2026-12-01',
      reason: 'no-such-reason',
    });
    expect(() => validateEvent(contractEvent('psb-310000', decisionEvent(facts, decision, now)))).toThrow(ValidationFailedError);
  });
});
