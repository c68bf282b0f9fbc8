import { describe, expect, it } from '@jest/globals';
import { agencyKindOf, isSupervisor, parseLinkageApiKeys } from './linkage-api-keys.js';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'B0._~+/=-'.repeat(4);

describe('LINKAGE_API_KEYS', () => {
  it('reads agency, name and key of each entry, a * agency for supervisors', () => {
    expect(parseLinkageApiKeys(` psb-310000:exit-entry-desk:${KEY_A} , *:evaluator:${KEY_B}`)).toEqual({
      keys: [
        { agency: 'psb-310000', name: 'exit-entry-desk', key: KEY_A },
        { agency: '*', name: 'evaluator', key: KEY_B },
      ],
    });
  });

  it.each([
    ['', 'no keys'],
    [`PSB:desk:${KEY_A}`, 'entry 1: the agency'],
    [`psb-310000:Desk:${KEY_A}`, 'entry 1: the name'],
    [`psb-310000:desk:${'a'.repeat(31)}`, 'entry 1 (desk): the key'],
    [`psb-310000:desk:${KEY_A}:extra`, 'entry 1 (desk): the key'],
    [`psb-310000:desk:${KEY_A},credit:desk:${KEY_B}`, 'every name must be used once'],
    [`psb-310000:desk:${KEY_A},credit:other:${KEY_A}`, 'every key must be used once'],
  ])('refuses %j, saying what is wrong without echoing a key', (text, problem) => {
    const parsed = parseLinkageApiKeys(text);
    expect(parsed).toEqual({ problem: expect.stringContaining(problem) });
    expect(JSON.stringify(parsed)).not.toContain(KEY_A);
  });

  it('tells supervisors and agency kinds apart', () => {
    expect(isSupervisor({ agency: '*', name: 'evaluator' })).toBe(true);
    expect(isSupervisor({ agency: 'psb-310000', name: 'desk' })).toBe(false);
    expect(agencyKindOf('psb-310000')).toBe('psb');
    expect(agencyKindOf('credit')).toBe('credit');
  });
});
