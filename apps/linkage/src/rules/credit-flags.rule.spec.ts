import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, employer, event, holder } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateCreditFlags } from './credit-flags.rule.js';

const violation = (recordNo: string, kind: string) =>
  event(
    'credit.violation-recorded',
    { recordNo, holder, kind, occurredOn: '2025-11-10', recordedOn: '2026-02-26', authority: 'psb-310000', description: 'Recorded.' },
    { id: recordNo, time: '2026-02-26T09:00:00+08:00' },
  );
const context = ruleContext('2026-03-01');

describe('rule 7: credit supervision', () => {
  it('flags a serious violation and opens permit reviews for the bureau and public security', () => {
    const [decision] = evaluateCreditFlags(buildChain(ALICE, [violation('CR1', 'illegal-employment')]), context);
    // 26 Feb 2026 + 10 working days: 27 Feb, Saturday 28 Feb (worked after the Spring Festival), 2–6 and 9–11 Mar.
    expect(decision).toMatchObject({
      ruleId: 'LNK-07-CREDIT',
      outcome: 'flag-raised',
      thresholds: { kind: 'illegal-employment', severity: 'serious', severitySource: 'rule-book' },
      cases: [
        { agency: 'bureau-310000', kind: 'permit-review', openedOn: '2026-02-26', due: { date: '2026-03-11' } },
        { agency: 'psb-310000', kind: 'permit-review' },
      ],
    });
  });

  it('takes the severity a version-2 event states over the rule book, and reviews the permits for a grave one', () => {
    const stated = (severity: string, recordNo: string) =>
      event(
        'credit.violation-recorded',
        { ...violation(recordNo, 'employer-violation').data, severity },
        { id: recordNo, time: '2026-02-26T09:00:00+08:00', version: 2 },
      );
    const [grave] = evaluateCreditFlags(buildChain(ALICE, [stated('grave', 'CR5')]), context);
    expect(grave).toMatchObject({
      ruleVersion: 3,
      outcome: 'flag-raised',
      thresholds: { kind: 'employer-violation', severity: 'grave', severitySource: 'event' },
      cases: [
        { agency: 'bureau-310000', kind: 'permit-review' },
        { agency: 'psb-310000', kind: 'permit-review' },
      ],
    });
    expect(grave?.explanation.zh).toContain('特别严重');
    const [minor] = evaluateCreditFlags(buildChain(ALICE, [stated('minor', 'CR6'), violation('CR6', 'illegal-employment')]), context);
    expect(minor).toMatchObject({ thresholds: { severity: 'minor', severitySource: 'event' }, cases: [] });
  });

  it('flags a minor violation without a case', () => {
    const [decision] = evaluateCreditFlags(buildChain(ALICE, [violation('CR2', 'employer-violation')]), context);
    expect(decision).toMatchObject({ outcome: 'flag-raised', thresholds: { severity: 'minor' }, cases: [] });
  });

  it('lifts the flag when the record is cleared, even if the clearing arrives first', () => {
    const cleared = event(
      'credit.record-cleared',
      { recordNo: 'CR1', recordType: 'violation', holder, clearedOn: '2026-04-01', reason: 'credit-repaired' },
      { id: 'cleared', time: '2026-04-01T09:00:00+08:00' },
    );
    const [decision] = evaluateCreditFlags(buildChain(ALICE, [cleared, violation('CR1', 'illegal-employment')]), context);
    expect(decision).toMatchObject({ outcome: 'flag-lifted', cases: [] });
    expect(decision?.inputEventIds).toHaveLength(2);
  });

  it('cannot decide a kind with no known severity and asks the credit agency', () => {
    const [decision] = evaluateCreditFlags(buildChain(ALICE, [violation('CR3', 'tax-evasion')]), context);
    expect(decision).toMatchObject({ outcome: 'cannot-decide', cases: [{ agency: 'credit', kind: 'severity-missing' }] });
  });

  it('flags a breached commitment without a second permit review (rule 2 reviews its revocation)', () => {
    const breach = event(
      'credit.commitment-breached',
      {
        recordNo: 'CB1',
        holder,
        commitmentNo: 'C1',
        applicationNo: 'A1',
        employer,
        documentKind: 'criminal-record',
        committedOn: '2025-11-20',
        dueOn: '2026-02-20',
        breach: 'document-not-supplied',
        breachedOn: '2026-02-23',
        description: 'Not supplied.',
      },
      { id: 'breach', time: '2026-02-26T09:00:00+08:00' },
    );
    const decisions = evaluateCreditFlags(buildChain(ALICE, [breach]), context);
    expect(decisions).toEqual([expect.objectContaining({ outcome: 'flag-raised', cases: [] })]);
  });
});
