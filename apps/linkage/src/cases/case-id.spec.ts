import { describe, expect, it } from '@jest/globals';
import { caseIdOf, caseKeyOf } from './case-id.js';

describe('caseIdOf', () => {
  it('is a version 5 UUID of the case key, the same every time and different for another key', () => {
    const key = caseKeyOf('LNK-01-WORK-PERMIT-ENDED:sub_1:310000202611260001', 'residence-review', 'psb-310000');
    expect(key).toBe('LNK-01-WORK-PERMIT-ENDED:sub_1:310000202611260001/residence-review/psb-310000');
    expect(caseIdOf(key)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(caseIdOf(key)).toBe(caseIdOf(key.slice(0)));
    expect(caseIdOf(key)).not.toBe(caseIdOf(`${key}x`));
  });
});
