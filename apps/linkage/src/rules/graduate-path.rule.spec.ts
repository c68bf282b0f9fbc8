import { describe, expect, it } from '@jest/globals';
import type { AnyCanonicalEvent } from '@hub/contracts';
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

describe('rule 4: foreign graduates who found a company', () => {
  const accepted = (missing: boolean) =>
    event(
      'work-permit.application-accepted',
      missing
        ? {
            applicationNo: 'A1',
            holder,
            acceptedOn: '2026-05-21',
            mode: 'missing-documents',
            missingDocuments: [{ kind: 'business-licence', dueDate: '2026-06-20' }],
          }
        : { applicationNo: 'A1', holder, acceptedOn: '2026-05-21', mode: 'standard' },
      { id: 'accepted', time: '2026-05-21T09:00:00+08:00' },
    );
  const licenceSupplied = event(
    'work-permit.documents-supplied',
    { applicationNo: 'A1', holder, documents: [{ kind: 'business-licence', suppliedOn: '2026-06-03' }] },
    { id: 'licence', time: '2026-06-03T09:00:00+08:00' },
  );
  const founder = (...more: AnyCanonicalEvent[]) =>
    evaluateGraduatePath(buildChain(ALICE, [submitted('founder'), ...more]), ruleContext('2026-06-10'));

  it("verifies a bachelor's diploma from a Chinese university (any level, any year before) with the registration papers handed in", () => {
    const [decision] = founder(degree('bachelor', '2019-07-01'), accepted(false));
    expect(decision).toMatchObject({
      ruleId: 'LNK-04-FOUNDER',
      outcome: 'verified',
      inputEventIds: [uuidOf('accepted'), uuidOf('degree'), uuidOf('submitted')].sort(),
      thresholds: { registrationDocument: 'business-licence', conferredBy: '2026-05-20' },
      cases: [],
    });
  });

  it('waits while the registration papers are outstanding, and verifies once they are supplied', () => {
    expect(founder(degree('master', '2025-06-30'), accepted(true))).toEqual([]);
    expect(founder(degree('master', '2025-06-30'))).toEqual([]); // not accepted yet: what is missing is not known
    const [decision] = founder(degree('master', '2025-06-30'), accepted(true), licenceSupplied);
    expect(decision).toMatchObject({ outcome: 'verified', inputEventIds: expect.arrayContaining([uuidOf('licence')]) as unknown });
    expect(decision?.explanation.en).toContain('supplied on 2026-06-03');
  });

  it('opens a case for the bureau when no diploma conferred before the application is known', () => {
    const [decision] = founder(degree('bachelor', '2026-07-01'), accepted(false));
    expect(decision).toMatchObject({
      ruleId: 'LNK-04-FOUNDER',
      outcome: 'review-required',
      cases: [{ agency: 'bureau-310000', kind: 'graduate-degree-check', openedOn: '2026-05-20' }],
    });
  });
});
