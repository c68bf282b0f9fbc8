import { describe, expect, it } from '@jest/globals';
import { deriveSubjectId, subjectIdKey } from './derive-subject-id.js';

describe('deriveSubjectId', () => {
  const key = subjectIdKey('a-test-key-that-is-long-enough-0123456789');
  const person = { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12' };

  it('gives one stable id per person, whatever the spacing and case of the identifiers', () => {
    const id = deriveSubjectId(person, key);
    expect(id).toMatch(/^sub_[0-9a-f]{32}$/);
    expect(deriveSubjectId({ passportNo: ' e12345678 ', nationality: 'fra', birthDate: '1988-04-12' }, key)).toBe(id);
  });

  it('gives different people different ids', () => {
    expect(deriveSubjectId({ ...person, birthDate: '1988-04-13' }, key)).not.toBe(deriveSubjectId(person, key));
    expect(deriveSubjectId({ ...person, nationality: 'DEU' }, key)).not.toBe(deriveSubjectId(person, key));
  });

  it('depends on the key, so the id reveals nothing without it', () => {
    expect(deriveSubjectId(person, subjectIdKey('another-key-that-is-long-enough-0123456789'))).not.toBe(deriveSubjectId(person, key));
    expect(deriveSubjectId(person, key)).not.toContain('E12345678');
  });
});
