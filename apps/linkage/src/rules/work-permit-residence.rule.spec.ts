import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, employer, event, holder, otherEmployer, uuidOf } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateWorkPermitResidence } from './work-permit-residence.rule.js';

const issued = event(
  'work-permit.issued',
  { permitNo: 'WP1', permitClass: 'B', holder, employer, position: 'Engineer', validFrom: '2024-03-01', validTo: '2026-02-28' },
  { id: 'wp-issued', time: '2024-03-01T09:00:00+08:00' },
);
const residence = event(
  'residence-permit.issued',
  { permitNo: 'R1', holder, purpose: 'work', issuedOn: '2024-03-20', validFrom: '2024-03-20', validTo: '2026-02-28', workPermitNo: 'WP1' },
  { id: 'rp-issued', time: '2024-03-20T09:00:00+08:00', region: '310104' },
);
const revoked = event(
  'work-permit.revoked',
  { permitNo: 'WP1', holder, revokedOn: '2024-09-27', reason: 'breached-commitment' },
  { id: 'wp-revoked', time: '2024-09-27T09:00:00+08:00' },
);
const context = ruleContext('2024-10-20');

describe('rule 1: work permit ended or changed → residence review', () => {
  it('opens a review for public security of the province, due in 10 working days across National Day', () => {
    const [decision] = evaluateWorkPermitResidence(buildChain(ALICE, [issued, residence, revoked]), context);
    expect(decision).toMatchObject({
      ruleId: 'LNK-01-WORK-PERMIT-ENDED',
      ruleVersion: 1,
      outcome: 'review-required',
      inputEventIds: [uuidOf('wp-issued'), uuidOf('rp-issued'), uuidOf('wp-revoked')].sort(),
      thresholds: { dueInWorkingDays: 10 },
      cases: [
        { agency: 'psb-310000', kind: 'residence-review', openedOn: '2024-09-27', dueInWorkingDays: 10, due: { date: '2024-10-16' } },
      ],
    });
    expect(decision?.explanation.en).toContain('WP1 revoked on 2024-09-27');
    expect(decision?.explanation.zh).toContain('R1');
  });

  it('opens a review when the permit moves to another employer', () => {
    const changed = event(
      'work-permit.changed',
      { permitNo: 'WP1', holder, effectiveOn: '2025-01-24', changeKinds: ['employer'], employer: otherEmployer },
      { id: 'wp-changed', time: '2025-01-24T09:00:00+08:00' },
    );
    const [decision] = evaluateWorkPermitResidence(buildChain(ALICE, [issued, residence, changed]), context);
    // 24 Jan 2025 + 10 working days: 26 (worked Sunday), 27 Jan, then 5–7, 8 (worked Saturday), 10–13 Feb.
    expect(decision).toMatchObject({ outcome: 'review-required', cases: [{ openedOn: '2025-01-24', due: { date: '2025-02-13' } }] });
  });

  it('ignores a change of employer name only', () => {
    const renamed = event(
      'work-permit.changed',
      { permitNo: 'WP1', holder, effectiveOn: '2025-01-24', changeKinds: ['employer-name'] },
      { id: 'wp-renamed' },
    );
    expect(evaluateWorkPermitResidence(buildChain(ALICE, [issued, residence, renamed]), context)).toEqual([]);
  });

  it('resolves the review once public security cancels the residence permit, whatever order the events came in', () => {
    const cancelled = event(
      'residence-permit.cancelled',
      { permitNo: 'R1', holder, cancelledOn: '2024-10-08', reason: 'work-permit-ended', workPermitNo: 'WP1' },
      { id: 'rp-cancelled', time: '2024-10-08T09:00:00+08:00' },
    );
    const decisions = evaluateWorkPermitResidence(buildChain(ALICE, [cancelled, revoked, residence, issued]), context);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ outcome: 'case-resolved', cases: [] });
    expect(decisions[0]?.inputEventIds).toContain(uuidOf('rp-cancelled'));
  });

  it('flags a residence permit valid beyond its still-valid work permit, and clears it when the permit is extended', () => {
    const long = event(
      'residence-permit.renewed',
      {
        permitNo: 'R1',
        holder,
        purpose: 'work',
        renewedOn: '2024-06-03',
        previousValidTo: '2026-02-28',
        validTo: '2027-02-28',
        workPermitNo: 'WP1',
      },
      { id: 'rp-renewed', time: '2024-06-03T09:00:00+08:00' },
    );
    const [decision] = evaluateWorkPermitResidence(buildChain(ALICE, [issued, residence, long]), context);
    expect(decision).toMatchObject({
      ruleId: 'LNK-01B-RESIDENCE-BEYOND-WORK-PERMIT',
      outcome: 'inconsistency-detected',
      thresholds: { residenceValidTo: '2027-02-28', workPermitEndsOn: '2026-02-28' },
      cases: [{ agency: 'psb-310000', kind: 'residence-inconsistency', openedOn: '2024-06-03' }],
    });
    const extended = event(
      'work-permit.extended',
      { permitNo: 'WP1', holder, extendedOn: '2024-07-01', previousValidTo: '2026-02-28', validTo: '2027-06-30' },
      { id: 'wp-extended', time: '2024-07-01T09:00:00+08:00' },
    );
    expect(evaluateWorkPermitResidence(buildChain(ALICE, [issued, residence, long, extended]), context)).toEqual([]);
  });

  it('asks nothing when the residence permit lapses with the expired work permit', () => {
    const expired = event(
      'work-permit.expired',
      { permitNo: 'WP1', holder, expiredOn: '2026-03-01' },
      { id: 'wp-expired', time: '2026-03-01T00:00:00+08:00' },
    );
    expect(evaluateWorkPermitResidence(buildChain(ALICE, [issued, residence, expired]), ruleContext('2026-03-05'))).toEqual([]);
  });

  it('says the due date cannot be counted when it runs past the calendar', () => {
    const late = event(
      'work-permit.expired',
      { permitNo: 'WP1', holder, expiredOn: '2026-12-28' },
      { id: 'wp-expired', time: '2026-12-28T00:00:00+08:00' },
    );
    const [decision] = evaluateWorkPermitResidence(buildChain(ALICE, [issued, late]), ruleContext('2026-12-29'));
    const due = decision?.cases[0]?.due;
    expect(due && 'cannotDecide' in due ? due.cannotDecide : '').toContain('2027');
  });
});
