import { describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { type ValidationFailedError } from '../errors/validation-failed.error.js';
import { validateEvent } from '../validation/validate-event.js';
import { findCode, type CodeList } from './code-list.js';
import { DEGREE_LEVELS, DOCUMENT_KINDS, PERMIT_CLASSES_LIST, VIOLATION_KINDS, VISA_CATEGORIES } from './hub-code-lists.js';
import { NATIONALITIES } from './nationalities.js';
import { PROVINCES, provinceOf } from './provinces.js';

const ALL: CodeList[] = [NATIONALITIES, PROVINCES, PERMIT_CLASSES_LIST, VISA_CATEGORIES, DEGREE_LEVELS, VIOLATION_KINDS, DOCUMENT_KINDS];

function rulesBroken(event: Record<string, unknown>): string[] {
  try {
    validateEvent(event);
    return [];
  } catch (error) {
    return (error as ValidationFailedError).issues.map((issue) => `${issue.path}:${issue.rule}`);
  }
}

describe('code lists', () => {
  it.each(ALL.map((list): [string, CodeList] => [list.name, list]))(
    '%s has unique codes, each with Chinese and English labels',
    (_name, list) => {
      const codes = list.entries.map((entry) => entry.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const entry of list.entries) {
        expect(entry.zh).toMatch(/\p{Script=Han}/u);
        expect(entry.en).toMatch(/[A-Za-z]/);
      }
      expect(list.version).toBeGreaterThanOrEqual(1);
    },
  );

  it('has every ISO 3166-1 alpha-3 nationality, with national-standard labels', () => {
    expect(NATIONALITIES.entries).toHaveLength(250);
    expect(findCode(NATIONALITIES, 'FRA')).toEqual({ code: 'FRA', zh: '法国', en: 'France' });
    expect(findCode(NATIONALITIES, 'TWN')?.zh).toBe('中国台湾');
    expect(findCode(NATIONALITIES, 'XYZ')).toBeUndefined();
  });

  it('knows the 34 provincial-level divisions of GB/T 2260 and the province of any code under them', () => {
    expect(PROVINCES.entries).toHaveLength(34);
    expect(provinceOf('310115')).toBe('310000');
    expect(provinceOf('440300')).toBe('440000');
    expect(provinceOf('990000')).toBeUndefined();
    expect(provinceOf('31011')).toBeUndefined();
  });

  it('guards events: unknown nationality and region codes are refused by rule', () => {
    expect(
      rulesBroken(
        aWorkPermitIssuedEvent({ data: { holder: { passportNo: 'E1234567', nationality: 'XYZ', birthDate: '1990-01-01', name: 'A' } } }),
      ),
    ).toEqual(['data.holder.nationality:isInCodeList']);
    expect(rulesBroken({ ...aWorkPermitIssuedEvent(), region: '990000' })).toEqual(['region:isGbT2260Region']);
    expect(rulesBroken({ ...aWorkPermitIssuedEvent(), region: '310115' })).toEqual([]);
  });
});
