import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, employer, event, holder, uuidOf } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateGraduatePath } from './graduate-path.rule.js';

/** A submission stating its path (contract v2), or a v1 submission, which has none. */
const submitted = (path: 'standard' | 'graduate' | 'founder' | undefined, submittedOn = '2026-05-20') => {
  const data = { applicationNo: 'A1', holder, employer, position: 'Engineer', requestedClass: 'B' as const, submittedOn, inChina: true };
  return event('work-permit.application-submitted', path ? { ...data, path } : data, {
    id: 'submitted',
    time: `${submittedOn}T09:00:00+08:00`,
    version: path ? 2 : 1,
  });
};
const degree = (level: string, conferredOn: string) =>
  event(
    'education.degree-conferred',
    {
      certificateNo: 'D1',
      holder,
      level,
      university: { code: '4131010247', name: '同济大学' },
      field: { name: '计算机科学与技术' },
      conferredOn,
    },
    { id: 'degree', time: `${conferredOn}T09:00:00+08:00` },
  );
const context = ruleContext('2026-06-01');

describe('rule 4: foreign graduates', () => {
  it("verifies a master's degree from a Chinese university conferred within a year before the application", () => {
    const [decision] = evaluateGraduatePath(buildChain(ALICE, [submitted('graduate'), degree('master', '2025-06-30')]), context);
    expect(decision).toMatchObject({
      ruleId: 'LNK-04-GRADUATE',
      outcome: 'verified',
      inputEventIds: [uuidOf('degree'), uuidOf('submitted')].sort(),
      thresholds: { windowMonths: 12, conferredFrom: '2025-05-20' },
      cases: [],
    });
  });

  it("opens a bureau case to check with education when only a bachelor's degree is known", () => {
    const [decision] = evaluateGraduatePath(buildChain(ALICE, [submitted('graduate'), degree('bachelor', '2025-06-30')]), context);
    expect(decision).toMatchObject({
      outcome: 'review-required',
      cases: [{ agency: 'bureau-310000', kind: 'graduate-degree-check', openedOn: '2026-05-20' }],
    });
  });

  it('opens the case for a degree conferred before the window, and verifies once the degree event arrives late in time', () => {
    const old = evaluateGraduatePath(buildChain(ALICE, [submitted('graduate'), degree('doctorate', '2025-05-19')]), context);
    expect(old[0]?.outcome).toBe('review-required');
    const late = evaluateGraduatePath(buildChain(ALICE, [degree('doctorate', '2025-05-20'), submitted('graduate')]), context);
    expect(late[0]?.outcome).toBe('verified');
  });

  it('judges nothing when the submission states no path (contract v1)', () => {
    expect(evaluateGraduatePath(buildChain(ALICE, [submitted(undefined), degree('master', '2025-06-30')]), context)).toEqual([]);
  });
});
