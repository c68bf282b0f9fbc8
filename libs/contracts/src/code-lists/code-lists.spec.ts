import { describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { type ValidationFailedError } from '../errors/validation-failed.error.js';
import { validateEvent } from '../validation/validate-event.js';
import { findCode, type CodeList } from './code-list.js';
import { DEGREE_LEVELS, DOCUMENT_KINDS, PERMIT_CLASSES_LIST, VIOLATION_KINDS, VISA_CATEGORIES } from './hub-code-lists.js';
import { NATIONALITIES } from './nationalities.js';
import { PROVINCES, provinceOf } from './provinces.js';
import { REGIONS, regionLevel } from './regions.js';

const ALL: CodeList[] = [
  NATIONALITIES,
  PROVINCES,
  REGIONS,
  PERMIT_CLASSES_LIST,
  VISA_CATEGORIES,
  DEGREE_LEVELS,
  VIOLATION_KINDS,
  DOCUMENT_KINDS,
];

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

  describe('regions (GB/T 2260 at province, prefecture and county level)', () => {
    const codes = REGIONS.entries.map((entry) => entry.code);
    const municipalities = ['11', '12', '31', '50'];

    it('has every division of the 2023 list, each code six digits, unique and in order', () => {
      expect(REGIONS.entries.length).toBeGreaterThan(3000);
      expect(REGIONS.entries.length).toBeLessThan(3400);
      expect(REGIONS.entries).toHaveLength(3209);
      expect(REGIONS.source).toBe('GB/T 2260 administrative division codes (2023)');
      for (const code of codes) expect(code).toMatch(/^\d{6}$/);
      expect(new Set(codes).size).toBe(codes.length);
      expect([...codes].sort()).toEqual(codes);
    });

    it('has the 34 provincial-level divisions as provinces.ts has them, and puts every code under one', () => {
      expect(REGIONS.entries.filter((entry) => regionLevel(entry.code) === 'province')).toEqual(PROVINCES.entries);
      for (const code of codes) expect(provinceOf(code)).toBe(`${code.slice(0, 2)}0000`);
    });

    it('has the entry above every prefecture and county', () => {
      for (const code of codes) {
        const level = regionLevel(code);
        if (level !== 'province') expect(findCode(REGIONS, `${code.slice(0, 2)}0000`)).toBeDefined();
        // Municipalities' districts and the counties a province administers itself (xx90xx) have no prefecture.
        if (level === 'county' && !municipalities.includes(code.slice(0, 2)) && code.slice(2, 4) !== '90') {
          expect(findCode(REGIONS, `${code.slice(0, 4)}00`)).toBeDefined();
        }
      }
      expect(regionLevel('440300')).toBe('prefecture');
      expect(regionLevel('440305')).toBe('county');
      expect(regionLevel('440000')).toBe('province');
      expect(regionLevel('990000')).toBeUndefined();
      expect(regionLevel('4403')).toBeUndefined();
    });

    it('labels known divisions in Chinese and English', () => {
      expect(findCode(REGIONS, '310115')).toEqual({ code: '310115', zh: '浦东新区', en: 'Pudong New Area' });
      expect(findCode(REGIONS, '440305')).toEqual({ code: '440305', zh: '南山区', en: 'Nanshan District' });
      expect(findCode(REGIONS, '110105')).toEqual({ code: '110105', zh: '朝阳区', en: 'Chaoyang District' });
      expect(findCode(REGIONS, '650102')).toEqual({ code: '650102', zh: '天山区', en: 'Tianshan District' });
      expect(findCode(REGIONS, '440300')).toEqual({ code: '440300', zh: '深圳市', en: 'Shenzhen City' });
      expect(findCode(REGIONS, '152500')).toEqual({ code: '152500', zh: '锡林郭勒盟', en: 'Xilinguole League' });
      expect(findCode(REGIONS, '422800')?.en).toBe('Enshi Tujia and Miao Autonomous Prefecture');
      expect(findCode(REGIONS, '130726')).toEqual({ code: '130726', zh: '蔚县', en: 'Yu County' });
      expect(findCode(REGIONS, '310000')).toEqual({ code: '310000', zh: '上海市', en: 'Shanghai' });
    });

    it('has no codes that pickers and the statistics bureau invent', () => {
      // The ministry's list puts a municipality's districts straight under it: 110100 市辖区 and
      // 500200 县 are groupings, as are the "province-administered county-level divisions".
      for (const code of ['110100', '120100', '310100', '500100', '500200', '419000', '429000', '469000', '659000']) {
        expect(findCode(REGIONS, code)).toBeUndefined();
      }
      // Development zones (county serial 71-80), pseudo-counties repeating their prefecture, statistical units.
      expect(codes.filter((code) => /^\d{4}(7[1-9]|80)$/.test(code))).toEqual([]);
      for (const code of ['620201', '460321', '632857', '232761']) expect(findCode(REGIONS, code)).toBeUndefined();
      expect(regionLevel('441900')).toBe('prefecture');
      // Taiwan, Hong Kong and Macao are there at province level only, with no invented districts.
      expect(codes.filter((code) => /^(71|81|82)/.test(code))).toEqual(['710000', '810000', '820000']);
      expect(REGIONS.entries.filter((entry) => entry.zh === '市辖区' || entry.zh.includes('开发区'))).toEqual([]);
    });
  });

  it('guards events: unknown nationality and region codes are refused by rule', () => {
    expect(
      rulesBroken(
        aWorkPermitIssuedEvent({ data: { holder: { passportNo: 'E1234567', nationality: 'XYZ', birthDate: '1990-01-01', name: 'A' } } }),
      ),
    ).toEqual(['data.holder.nationality:isInCodeList']);
    expect(rulesBroken({ ...aWorkPermitIssuedEvent(), region: '990000' })).toEqual(['region:isGbT2260Region']);
    expect(rulesBroken({ ...aWorkPermitIssuedEvent(), region: '310115' })).toEqual([]);
    // Well-formed, in a real province, but no such division (and 310100 市辖区 is a grouping row, not a division).
    expect(rulesBroken({ ...aWorkPermitIssuedEvent(), region: '319999' })).toEqual(['region:isGbT2260Region']);
    expect(rulesBroken({ ...aWorkPermitIssuedEvent(), region: '310100' })).toEqual(['region:isGbT2260Region']);
    expect(rulesBroken({ ...aWorkPermitIssuedEvent(), region: '320100' })).toEqual([]);
  });
});
