import { describe, expect, it } from '@jest/globals';
import { toDecisionRow } from '../decide/decision-row.js';
import type { Decision } from '../rules/decision.types.js';
import type { CaseRow, DecisionRow } from '../store/linkage-rows.js';
import { caseIdOf } from './case-id.js';
import { reconcileCases, type ReconcileInput } from './reconcile-cases.js';

const times = new Map([
  ['e1', '2026-06-15T16:00:00+08:00'],
  ['e2', '2026-06-22T10:00:00+08:00'],
]);
const label = { en: 'Review', zh: '复核' };

function decision(outcome: Decision['outcome'], cases: Decision['cases'] = [], inputs = ['e1']): Decision {
  return {
    key: 'LNK-01:sub_1:P1',
    ruleId: 'LNK-01',
    ruleVersion: 1,
    subject: 'sub_1',
    outcome,
    explanation: { en: outcome, zh: outcome },
    inputEventIds: inputs,
    thresholds: { dueInWorkingDays: 10 },
    cases,
    notify: [],
  };
}

const review = {
  agency: 'psb-310000',
  kind: 'residence-review',
  label,
  openedOn: '2026-06-15',
  dueInWorkingDays: 10,
  due: { date: '2026-06-30' },
};

function reconcile(decisions: Decision[], stored: { decisions?: DecisionRow[]; cases?: CaseRow[] } = {}, asOf = '2026-06-16') {
  const input: ReconcileInput = {
    subject: 'sub_1',
    decisions,
    rows: new Map(decisions.map((d) => [d.key, toDecisionRow(d, times)])),
    storedDecisions: stored.decisions ?? [],
    storedCases: stored.cases ?? [],
    asOf,
    province: '310000',
    eventTimes: times,
    latestEventTime: '2026-06-22T10:00:00+08:00',
    resolutionOf: (d) => (d?.outcome === 'case-resolved' ? 'residence-shortened' : 'no-action-needed'),
  };
  return reconcileCases(input);
}

describe('reconcileCases', () => {
  const asking = decision('review-required', [review]);
  const opened = reconcile([asking]);
  const openCase = opened.insertCases[0] as CaseRow;

  it('opens the case a new decision asks for, once, with its id from its case key, and publishes the decision with it', () => {
    expect(openCase).toMatchObject({
      id: caseIdOf('LNK-01:sub_1:P1/residence-review/psb-310000'),
      state: 'open',
      ownerAgency: 'psb-310000',
      province: '310000',
      openedOn: '2026-06-15',
      dueDate: '2026-06-30',
      causedBy: ['e1'],
    });
    expect(opened.actions).toEqual([expect.objectContaining({ action: 'opened', actor: 'linkage', purpose: 'linkage-supervision' })]);
    expect(opened.publications).toEqual([{ reason: 'decision', decision: opened.saveDecisions[0], case: openCase }]);
    expect(opened.saveDecisions[0]).toMatchObject({ decidedOn: '2026-06-15' });
  });

  it('changes and publishes nothing when the same decision is reached again on a later day', () => {
    const again = reconcile([asking], { decisions: opened.saveDecisions, cases: [openCase] }, '2026-06-20');
    expect(again).toEqual({ saveDecisions: [], deleteDecisions: [], insertCases: [], updateCases: [], actions: [], publications: [] });
  });

  it('resolves a case its decision no longer asks for, with the outcome that resolved it at the time of its latest input', () => {
    const resolved = reconcile([decision('case-resolved', [], ['e1', 'e2'])], { decisions: opened.saveDecisions, cases: [openCase] });
    expect(resolved.updateCases).toEqual([
      {
        ...openCase,
        state: 'resolved',
        resolvedBy: 'linkage',
        resolutionOutcome: 'residence-shortened',
        resolvedAt: '2026-06-22T02:00:00.000Z',
        resolutionNote: null,
      },
    ]);
    expect(resolved.actions.map((a) => a.action)).toEqual(['resolved']);
    expect(resolved.publications).toEqual([{ reason: 'decision', decision: resolved.saveDecisions[0], case: resolved.updateCases[0] }]);
  });

  it('resolves the cases of a decision no rule reaches any more as no-action-needed, announced as case-resolved', () => {
    const gone = reconcile([], { decisions: opened.saveDecisions, cases: [openCase] });
    expect(gone.deleteDecisions).toEqual(['LNK-01:sub_1:P1']);
    expect(gone.updateCases[0]).toMatchObject({ state: 'resolved', resolutionOutcome: 'no-action-needed' });
    expect(gone.publications.map((p) => p.reason)).toEqual(['case-resolved']);
  });

  it('reopens a case the service resolved when its decision asks again, but leaves one a person resolved', () => {
    const byService: CaseRow = {
      ...openCase,
      state: 'resolved',
      resolvedBy: 'linkage',
      resolvedAt: '2026-06-22T02:00:00.000Z',
      resolutionOutcome: 'x',
    };
    const stored = { decisions: [toDecisionRow(decision('case-resolved'), times)] };
    const reopened = reconcile([asking], { ...stored, cases: [byService] });
    expect(reopened.updateCases[0]).toMatchObject({ state: 'open', resolvedAt: null, resolvedBy: null, resolutionOutcome: null });
    expect(reopened.actions.map((a) => a.action)).toEqual(['reopened']);

    const byPerson: CaseRow = { ...byService, resolvedBy: 'psb-310000/desk', resolutionOutcome: 'kept-with-reason' };
    const kept = reconcile([asking], { ...stored, cases: [byPerson] });
    expect(kept.updateCases).toEqual([]);
    expect(kept.actions).toEqual([]);
  });

  it('turns open and claimed cases past their due date overdue, since the day after it, once', () => {
    const claimed: CaseRow = { ...openCase, state: 'claimed', claimedBy: 'psb-310000/desk', claimedAt: '2026-06-16T01:00:00.000Z' };
    const late = reconcile([asking], { decisions: opened.saveDecisions, cases: [claimed] }, '2026-07-01');
    expect(late.updateCases).toEqual([{ ...claimed, state: 'overdue', overdueSince: '2026-07-01' }]);
    expect(late.publications).toEqual([{ reason: 'case-overdue', decision: opened.saveDecisions[0], case: late.updateCases[0] }]);
    expect(reconcile([asking], { decisions: opened.saveDecisions, cases: [openCase] }, '2026-06-30').updateCases).toEqual([]);
    const again = reconcile([asking], { decisions: opened.saveDecisions, cases: late.updateCases }, '2026-07-02');
    expect(again.updateCases).toEqual([]);
  });

  it('never turns a case overdue whose due date could not be counted', () => {
    const uncounted = decision('review-required', [{ ...review, due: { cannotDecide: 'CALENDAR_YEAR_NOT_COVERED: 2027' } }]);
    const plan = reconcile([uncounted], {}, '2030-01-01');
    expect(plan.insertCases[0]).toMatchObject({ state: 'open', dueDate: null, dueCannotDecide: 'CALENDAR_YEAR_NOT_COVERED: 2027' });
  });
});
