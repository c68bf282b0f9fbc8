import { describe, expect, it } from '@jest/globals';
import { isUuid, WORK_PERMIT_NO_FORMAT } from './formats.js';

describe('shared formats', () => {
  it.each(['0b3c9a52-7f3e-4c1d-9a2b-5e6f7a8b9c0d', '0B3C9A52-7F3E-4C1D-9A2B-5E6F7A8B9C0D'])('takes %s as a UUID', (value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each([
    42,
    null,
    '',
    '0b3c9a52-7f3e-4c1d-9a2b-5e6f7a8b9c0',
    '0b3c9a52-7f3e-4c1d-9a2b-5e6f7a8b9c0d\n',
    'g0000000-0000-0000-0000-000000000000',
  ])('refuses %p as a UUID', (value) => {
    expect(isUuid(value)).toBe(false);
  });

  it('takes 18 digits as a work permit number, and nothing else', () => {
    expect(WORK_PERMIT_NO_FORMAT.test('110000202600000001')).toBe(true);
    for (const value of ['11000020260000000', '1100002026000000012', '11000020260000000X', '110000202600000001\n']) {
      expect(WORK_PERMIT_NO_FORMAT.test(value)).toBe(false);
    }
  });
});
