import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, CHILD, employer, event, holder, uuidOf } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateFamilyCascade } from './family-cascade.rule.js';

const child = { passportNo: 'E87654321', nationality: 'FRA', birthDate: '2015-07-01', name: 'DUPONT, LEA' };
const principalEvents = [
  event(
    'work-permit.issued',
    { permitNo: 'WP1', permitClass: 'B', holder, employer, position: 'Engineer', validFrom: '2024-03-01', validTo: '2026-02-28' },
    { id: 'wp', time: '2024-03-01T09:00:00+08:00' },
  ),
  event(
    'residence-permit.issued',
    {
      permitNo: 'R1',
      holder,
      purpose: 'work',
      issuedOn: '2024-03-20',
      validFrom: '2024-03-20',
      validTo: '2026-02-28',
      workPermitNo: 'WP1',
    },
    { id: 'rp', time: '2024-03-20T09:00:00+08:00' },
  ),
];
const link = event(
  'residence-permit.family-member-linked',
  { permitNo: 'R2', holder: child, principal: { person: holder, residencePermitNo: 'R1', relationship: 'child' }, linkedOn: '2024-04-01' },
  { id: 'link', subject: CHILD, time: '2024-04-01T09:00:00+08:00' },
);
const cancelled = event(
  'work-permit.cancelled',
  { permitNo: 'WP1', holder, cancelledOn: '2025-04-30', reason: 'employment-ended' },
  { id: 'wp-cancel', time: '2025-04-30T09:00:00+08:00' },
);
const context = ruleContext('2025-05-06');

describe('rule 8: family cascade', () => {
  it("opens a residence review for each family member when the principal's work permit ends", () => {
    const principal = buildChain(ALICE, [...principalEvents, cancelled]);
    const [decision] = evaluateFamilyCascade(principal, [buildChain(CHILD, [link])], context);
    // 30 Apr 2025 + 10 working days: 1–5 May off (no worked weekend after it), then 6–9, 12–16 and 19 May.
    expect(decision).toMatchObject({
      ruleId: 'LNK-08-FAMILY',
      subject: CHILD,
      outcome: 'review-required',
      inputEventIds: [uuidOf('wp'), uuidOf('rp'), uuidOf('wp-cancel'), uuidOf('link')].sort(),
      cases: [{ agency: 'psb-310000', kind: 'family-residence-review', openedOn: '2025-04-30', due: { date: '2025-05-19' } }],
    });
  });

  it('asks nothing while the principal’s permits are in force', () => {
    expect(evaluateFamilyCascade(buildChain(ALICE, principalEvents), [buildChain(CHILD, [link])], context)).toEqual([]);
  });

  it("resolves when public security acts on the family member's permit after the principal's ended", () => {
    const shortened = event(
      'residence-permit.shortened',
      {
        permitNo: 'R2',
        holder: child,
        shortenedOn: '2025-05-08',
        previousValidTo: '2026-02-28',
        validTo: '2025-06-30',
        reason: 'principal-permit-shortened',
      },
      { id: 'shorten', subject: CHILD, time: '2025-05-08T09:00:00+08:00' },
    );
    const principal = buildChain(ALICE, [...principalEvents, cancelled]);
    const [decision] = evaluateFamilyCascade(principal, [buildChain(CHILD, [shortened, link])], context);
    expect(decision).toMatchObject({ outcome: 'case-resolved', cases: [] });
  });
});
