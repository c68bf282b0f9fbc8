import { describe, expect, it } from '@jest/globals';
import { caseIdOf, caseKeyOf, uuidV5 } from './case-id.js';

describe('caseIdOf', () => {
  it('is a version 5 UUID of the case key, the same every time and different for another key', () => {
    const key = caseKeyOf('LNK-01-WORK-PERMIT-ENDED:sub_1:310000202611260001', 'residence-review', 'psb-310000');
    expect(key).toBe('LNK-01-WORK-PERMIT-ENDED:sub_1:310000202611260001/residence-review/psb-310000');
    expect(caseIdOf(key)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(caseIdOf(key)).toBe(caseIdOf(key.slice(0)));
    expect(caseIdOf(key)).not.toBe(caseIdOf(`${key}x`));
  });

  it('makes UUID v5 as RFC 9562 does (Python: uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
