import { describe, expect, it } from '@jest/globals';
import type { LinkageApiError } from '../../api-access/index.js';
import { decodeCaseCursor, encodeCaseCursor } from './case-cursor.js';
import { listCasesSql, parseListCasesQuery } from './list-cases.query.js';

const DESK = { agency: 'psb-310000', name: 'desk' };
const EVALUATOR = { agency: '*', name: 'evaluator' };
const ID = '0b9a3c1e-2f4d-4e5a-8b6c-7d8e9f0a1b2c';

function refusal(raw: Record<string, unknown>, caller = DESK): LinkageApiError {
  try {
    parseListCasesQuery(raw, caller);
  } catch (error) {
    return error as LinkageApiError;
  }
  throw new Error('the query was accepted');
}

describe('GET /v1/cases query', () => {
  it('forces an agency key onto its own agency and lets a supervisor filter by any', () => {
    expect(parseListCasesQuery({}, DESK)).toEqual({ agency: 'psb-310000', limit: 50 });
    expect(parseListCasesQuery({ agency: 'psb-310000' }, DESK)).toMatchObject({ agency: 'psb-310000' });
    expect(parseListCasesQuery({}, EVALUATOR)).toEqual({ limit: 50 });
    expect(parseListCasesQuery({ agency: 'bureau-110000' }, EVALUATOR)).toMatchObject({ agency: 'bureau-110000' });
  });

  it("answers 403 when an agency key asks for another agency's cases", () => {
    expect(refusal({ agency: 'bureau-310000' })).toMatchObject({ status: 403, code: 'AGENCY_FILTER_FORBIDDEN' });
  });

  it('reads every filter, states as a comma-separated list', () => {
    const cursor = encodeCaseCursor({ dueDate: '2026-03-02', id: ID });
    const query = {
      province: '310000',
      state: 'open,overdue',
      kind: 'residence-review',
      subject: `sub_${'a'.repeat(32)}`,
      dueBefore: '2026-04-01',
      dueAfter: '2026-02-28',
      limit: '10',
      cursor,
    };
    expect(parseListCasesQuery(query, EVALUATOR)).toEqual({
      province: '310000',
      states: ['open', 'overdue'],
      kind: 'residence-review',
      subject: `sub_${'a'.repeat(32)}`,
      dueBefore: '2026-04-01',
      dueAfter: '2026-02-28',
      limit: 10,
      cursor: { dueDate: '2026-03-02', id: ID },
    });
  });

  it('names every broken parameter at once, with its rule and a zh/en message', () => {
    const error = refusal({
      province: '310115',
      state: 'open,closed',
      dueBefore: '2026-02-30',
      limit: '0',
      cursor: 'not-a-cursor',
      sort: 'due',
      kind: ['a', 'b'],
    });
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(error.issues?.map((i) => `${i.path}:${i.rule}`)).toEqual([
      'query.sort:unknownField',
      'query.kind:singleValue',
      'query.province:matches',
      'query.state:isIn',
      'query.dueBefore:isCalendarDate',
      'query.limit:min',
      'query.cursor:isCursor',
    ]);
    expect(error.issues?.[0]?.message).toEqual({
      en: expect.stringContaining('query.sort'),
      zh: expect.stringContaining('不是该请求的字段'),
    });
    expect(refusal({ limit: '201' }).issues?.[0]).toMatchObject({ path: 'query.limit', rule: 'max' });
    expect(refusal({ limit: '1.5' }).issues?.[0]).toMatchObject({ path: 'query.limit', rule: 'isInt' });
  });

  it('pages by due date then id, a cursor past the dated cases continuing among the undated', () => {
    const dated = listCasesSql({ agency: 'psb-310000', limit: 2, cursor: { dueDate: '2026-03-02', id: ID } }, 'id');
    expect(dated.sql).toBe(
      'SELECT id FROM cases WHERE owner_agency = $1 AND (due_date > $2::date OR (due_date = $2::date AND id > $3::uuid) OR due_date IS NULL) ' +
        'ORDER BY due_date ASC NULLS LAST, id ASC LIMIT $4',
    );
    expect(dated.params).toEqual(['psb-310000', '2026-03-02', ID, 3]);
    const undated = listCasesSql({ limit: 5, cursor: { dueDate: null, id: ID } }, 'id');
    expect(undated.sql).toContain('WHERE due_date IS NULL AND id > $1::uuid');
  });

  it('gives cursors that read back, and refuses anything else', () => {
    expect(decodeCaseCursor(encodeCaseCursor({ dueDate: null, id: ID }))).toEqual({ dueDate: null, id: ID });
    expect(decodeCaseCursor(Buffer.from('["2026-03-02","x"]').toString('base64url'))).toBeUndefined();
    expect(decodeCaseCursor(Buffer.from('{}').toString('base64url'))).toBeUndefined();
  });
});
