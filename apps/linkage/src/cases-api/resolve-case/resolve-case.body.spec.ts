import { describe, expect, it } from '@jest/globals';
import type { LinkageApiError } from '../../api-access/index.js';
import { parseResolveCaseBody } from './resolve-case.body.js';

function broken(body: unknown): string[] {
  try {
    parseResolveCaseBody(body);
  } catch (error) {
    return ((error as LinkageApiError).issues ?? []).map((i) => `${i.path}:${i.rule}`);
  }
  return [];
}

describe('POST /v1/cases/:id/resolve body', () => {
  it('takes an outcome of linkage-case-resolution and an optional note', () => {
    expect(parseResolveCaseBody({ outcome: 'residence-shortened' })).toEqual({ outcome: 'residence-shortened' });
    expect(parseResolveCaseBody({ outcome: 'kept-with-reason', note: '已与用人单位核实，\n新单位已申请变更' })).toEqual({
      outcome: 'kept-with-reason',
      note: '已与用人单位核实，\n新单位已申请变更',
    });
  });

  it('requires a note when the permit is kept with a reason', () => {
    expect(broken({ outcome: 'kept-with-reason' })).toEqual(['body.note:isDefined']);
    expect(broken({ outcome: 'kept-with-reason', note: '  \n ' })).toEqual(['body.note:hasVisibleCharacters']);
  });

  it.each<[unknown, string[]]>([
    [undefined, ['body:isObject']],
    [[{ outcome: 'residence-shortened' }], ['body:isObject']],
    [{}, ['body.outcome:isDefined']],
    [{ outcome: 3 }, ['body.outcome:isString']],
    [{ outcome: 'shortened' }, ['body.outcome:isInCodeList']],
    [{ outcome: 'no-action-needed', note: 7 }, ['body.note:isString']],
    [{ outcome: 'no-action-needed', note: 'x'.repeat(2001) }, ['body.note:maxLength']],
    [{ outcome: 'no-action-needed', note: 'ok\u0000' }, ['body.note:hasNoControlCharacters']],
    [{ outcome: 'no-action-needed', note: 'ok\u202e' }, ['body.note:hasNoControlCharacters']],
    [{ outcome: 'no-action-needed', resolvedBy: 'me' }, ['body.resolvedBy:unknownField']],
  ])('refuses %j naming %j', (body, issues) => {
    expect(broken(body)).toEqual(issues);
  });

  it('explains each broken rule in Chinese and English', () => {
    try {
      parseResolveCaseBody({ outcome: 'shortened' });
    } catch (error) {
      expect((error as LinkageApiError).issues?.[0]?.message).toEqual({
        en: expect.stringContaining('residence-shortened'),
        zh: expect.stringContaining('不在对应代码表中'),
      });
      expect((error as LinkageApiError).messages.zh).toContain('body.outcome');
    }
    expect.assertions(2);
  });
});
