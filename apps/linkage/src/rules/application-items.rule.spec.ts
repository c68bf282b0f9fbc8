import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, employer, event, holder, uuidOf } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateApplicationItems } from './application-items.rule.js';

const missingAccepted = event(
  'work-permit.application-accepted',
  {
    applicationNo: 'A1',
    holder,
    acceptedOn: '2025-01-06',
    mode: 'missing-documents',
    missingDocuments: [
      { kind: 'criminal-record', dueDate: '2025-02-06' },
      { kind: 'health-certificate', dueDate: '2025-02-06' },
      { kind: 'photo', dueDate: '2025-01-20' },
    ],
  },
  { id: 'acc-missing', time: '2025-01-06T10:00:00+08:00' },
);
const supplied = event(
  'work-permit.documents-supplied',
  {
    applicationNo: 'A1',
    holder,
    documents: [
      { kind: 'criminal-record', suppliedOn: '2025-02-05' },
      { kind: 'photo', suppliedOn: '2025-01-22' },
    ],
  },
  { id: 'supplied', time: '2025-02-05T10:00:00+08:00' },
);
const commitAccepted = event(
  'work-permit.application-accepted',
  {
    applicationNo: 'A2',
    holder,
    acceptedOn: '2025-09-01',
    mode: 'commitment',
    commitments: [{ kind: 'degree-certificate', commitmentNo: 'CM1', signedOn: '2025-08-30', verifyBy: '2025-09-30' }],
  },
  { id: 'acc-commit', time: '2025-09-01T10:00:00+08:00' },
);

describe('rule 3: accepted with missing documents', () => {
  it('closes each item supplied in time, marks a late one, and opens a bureau case for the one still missing', () => {
    const decisions = evaluateApplicationItems(buildChain(ALICE, [missingAccepted, supplied]), ruleContext('2025-02-10'));
    // The overdue case: due 6 Feb 2025 + 5 working days = 7 Feb, Saturday 8 Feb (worked after the Spring Festival), 10, 11, 12 Feb.
    const byKey = new Map(decisions.map((d) => [d.key.split(':').pop() ?? '', d]));
    expect(byKey.get('criminal-record')).toMatchObject({
      outcome: 'item-fulfilled',
      inputEventIds: [uuidOf('acc-missing'), uuidOf('supplied')].sort(),
    });
    expect(byKey.get('photo')).toMatchObject({ outcome: 'item-fulfilled-late' });
    expect(byKey.get('photo')?.explanation.en).toContain('after its due date 2025-01-20');
    expect(byKey.get('health-certificate')).toMatchObject({
      ruleId: 'LNK-03-MISSING-DOCUMENTS',
      outcome: 'deadline-overdue',
      thresholds: { dueDate: '2025-02-06', dueInWorkingDays: 5 },
      cases: [{ agency: 'bureau-310000', kind: 'missing-document-overdue', openedOn: '2025-02-06', due: { date: '2025-02-12' } }],
    });
  });

  it('decides nothing for an item still within its time', () => {
    expect(evaluateApplicationItems(buildChain(ALICE, [missingAccepted]), ruleContext('2025-01-15'))).toEqual([]);
  });
});

describe('rule 2: notify and commit', () => {
  it('opens a deadline-overdue case for the bureau once verifyBy has passed without the document', () => {
    const [decision] = evaluateApplicationItems(buildChain(ALICE, [commitAccepted]), ruleContext('2025-10-09'));
    // Due 30 Sep 2025; 5 working days after it skip National Day and Mid-autumn (1–8 Oct): 9, 10, Saturday 11 (worked), 13, 14 Oct.
    expect(decision).toMatchObject({
      ruleId: 'LNK-02-NOTIFY-COMMIT',
      outcome: 'deadline-overdue',
      cases: [{ agency: 'bureau-310000', kind: 'commitment-overdue', openedOn: '2025-09-30', due: { date: '2025-10-14' } }],
    });
  });

  it('closes the commitment when the promised document arrives in time', () => {
    const degree = event(
      'work-permit.documents-supplied',
      { applicationNo: 'A2', holder, documents: [{ kind: 'degree-certificate', suppliedOn: '2025-09-25' }] },
      { id: 'degree', time: '2025-09-25T10:00:00+08:00' },
    );
    const [decision] = evaluateApplicationItems(buildChain(ALICE, [commitAccepted, degree]), ruleContext('2025-10-09'));
    expect(decision).toMatchObject({ outcome: 'item-fulfilled', cases: [] });
  });

  it('opens a revocation review when the breach is confirmed', () => {
    const permit = event(
      'work-permit.issued',
      { permitNo: 'WP9', permitClass: 'B', holder, employer, position: 'Engineer', validFrom: '2025-09-10', validTo: '2027-09-09' },
      { id: 'wp9', time: '2025-09-10T10:00:00+08:00' },
    );
    const breach = event(
      'credit.commitment-breached',
      {
        recordNo: 'CB1',
        holder,
        commitmentNo: 'CM1',
        applicationNo: 'A2',
        employer,
        documentKind: 'degree-certificate',
        committedOn: '2025-08-30',
        dueOn: '2025-09-30',
        breach: 'document-not-supplied',
        breachedOn: '2025-10-10',
        description: 'Degree certificate not supplied.',
      },
      { id: 'breach', time: '2025-10-10T10:00:00+08:00' },
    );
    const decisions = evaluateApplicationItems(buildChain(ALICE, [breach, permit, commitAccepted]), ruleContext('2025-10-13'));
    const review = decisions.find((d) => d.ruleId === 'LNK-02B-COMMITMENT-BREACHED');
    expect(review).toMatchObject({
      outcome: 'review-required',
      inputEventIds: [uuidOf('acc-commit'), uuidOf('breach'), uuidOf('wp9')].sort(),
      cases: [{ agency: 'bureau-310000', kind: 'revocation-review', openedOn: '2025-10-10' }],
    });
    expect(review?.explanation.en).toContain('WP9');
  });

  const verified = (result: 'fulfilled' | 'untrue', verifiedOn: string) =>
    event(
      'work-permit.commitment-verified',
      { applicationNo: 'A2', holder, commitmentNo: 'CM1', documentKind: 'degree-certificate', result, verifiedOn },
      { id: `cm1-${result}`, time: `${verifiedOn}T10:00:00+08:00` },
    );
  const permit = event(
    'work-permit.issued',
    { permitNo: 'WP9', permitClass: 'B', holder, employer, position: 'Engineer', validFrom: '2025-09-10', validTo: '2027-09-09' },
    { id: 'wp9', time: '2025-09-10T10:00:00+08:00' },
  );

  it('closes the commitment when the bureau verifies it as fulfilled, like a document supplied in time', () => {
    const [decision] = evaluateApplicationItems(
      buildChain(ALICE, [commitAccepted, verified('fulfilled', '2025-09-20')]),
      ruleContext('2025-10-09'),
    );
    expect(decision).toMatchObject({
      ruleId: 'LNK-02-NOTIFY-COMMIT',
      ruleVersion: 2,
      outcome: 'item-fulfilled',
      inputEventIds: [uuidOf('acc-commit'), uuidOf('cm1-fulfilled')].sort(),
      cases: [],
    });
  });

  it('decides commitment-breached when the bureau finds the commitment untrue: a revocation review, and credit told', () => {
    const decisions = evaluateApplicationItems(
      buildChain(ALICE, [permit, commitAccepted, verified('untrue', '2025-09-24')]),
      ruleContext('2025-10-09'),
    );
    // Verified within its time, so no deadline was missed: the breach is the only decision.
    expect(decisions).toHaveLength(1);
    // 24 Sep 2025 + 10 working days: 25, 26, Sunday 28 Sep (worked), 29, 30 Sep, then after the holiday 9, 10, Saturday 11 (worked), 13, 14 Oct.
    expect(decisions[0]).toMatchObject({
      key: `LNK-02B-COMMITMENT-BREACHED:${ALICE}:CM1`,
      ruleVersion: 2,
      outcome: 'commitment-breached',
      inputEventIds: [uuidOf('acc-commit'), uuidOf('cm1-untrue'), uuidOf('wp9')].sort(),
      thresholds: { verifyBy: '2025-09-30', dueInWorkingDays: 10 },
      cases: [{ agency: 'bureau-310000', kind: 'revocation-review', openedOn: '2025-09-24', due: { date: '2025-10-14' } }],
      notify: ['credit'],
    });
    expect(decisions[0]?.explanation.en).toContain('found it untrue');
    expect(decisions[0]?.explanation.zh).toContain('认定不实');
  });

  it('resolves the overdue deadline when an untrue verification comes after it, and ignores the breach record coming back', () => {
    const untrue = verified('untrue', '2025-10-15');
    const echo = event(
      'credit.commitment-breached',
      {
        recordNo: 'CB7',
        holder,
        commitmentNo: 'CM1',
        applicationNo: 'A2',
        documentKind: 'degree-certificate',
        committedOn: '2025-08-30',
        breach: 'false-statement',
        breachedOn: '2025-10-15',
        description: 'Found untrue by the bureau.',
      },
      { id: 'echo', time: '2025-10-15T11:00:00+08:00' },
    );
    const before = evaluateApplicationItems(buildChain(ALICE, [commitAccepted, untrue]), ruleContext('2025-10-20'));
    expect(before.map((d) => `${d.ruleId} ${d.outcome}`)).toEqual([
      'LNK-02-NOTIFY-COMMIT case-resolved',
      'LNK-02B-COMMITMENT-BREACHED commitment-breached',
    ]);
    expect(before[0]?.explanation.en).toContain('found untrue');
    const after = evaluateApplicationItems(buildChain(ALICE, [echo, commitAccepted, untrue]), ruleContext('2025-10-20'));
    expect(after).toEqual(before);
  });
});
