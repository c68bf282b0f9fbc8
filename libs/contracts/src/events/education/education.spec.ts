import { describe, expect, it } from '@jest/globals';
import { findContract } from '../catalogue.js';
import { examplePerson } from '../shared/examples.js';
import { EDUCATION_DEGREE_CONFERRED_V1 } from './education-degree-conferred.v1.js';
import { envelopeFrom, rulesBroken as rulesBrokenBy, withChanges } from '../../testing/contract-spec-harness.js';

/** A full envelope from the Shanghai education authority around `data`. */
function anEvent(data: object): Record<string, unknown> {
  return envelopeFrom({ agency: 'moe', time: '2025-07-01T10:00:00+08:00' }, 'education.degree-conferred', data);
}

/** The example with `changes` applied (a field set to undefined is left out). */
function degree(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return withChanges(EDUCATION_DEGREE_CONFERRED_V1.example(), changes);
}

function rulesBroken(data: object): string[] {
  return rulesBrokenBy(anEvent(data));
}

describe('education.degree-conferred v1', () => {
  it('is in the catalogue, and its example passes and identifies the graduate', () => {
    expect(findContract('education.degree-conferred', 1)).toBe(EDUCATION_DEGREE_CONFERRED_V1);
    const example = EDUCATION_DEGREE_CONFERRED_V1.example();
    expect(rulesBroken(example)).toEqual([]);
    expect(EDUCATION_DEGREE_CONFERRED_V1.identify?.(example)).toEqual(examplePerson());
  });

  it('accepts the minimum: no grade, student number, enrolment date or discipline code', () => {
    const data = degree({ grade: undefined, studentNo: undefined, enrolledOn: undefined, diplomaNo: undefined, degreeType: undefined });
    expect(rulesBroken({ ...data, field: { name: '工商管理' } })).toEqual([]);
  });

  it('requires a 10-digit Ministry of Education institution code', () => {
    expect(rulesBroken(degree({ university: { code: '10247', name: '同济大学' } }))).toEqual(['data.university.code:matches']);
  });

  it('takes degree levels from the degree-level list', () => {
    expect(rulesBroken(degree({ level: 'associate' }))).toEqual(['data.level:isInCodeList']);
  });

  it('takes 4- or 6-digit discipline codes, with T/K only on 6-digit major codes', () => {
    for (const code of ['0812', '081201', '080910T', '100202TK']) {
      expect(rulesBroken(degree({ field: { name: '计算机科学与技术', code } }))).toEqual([]);
    }
    for (const code of ['08', '08120', '0812T', '0812011']) {
      expect(rulesBroken(degree({ field: { name: '计算机科学与技术', code } }))).toEqual(['data.field.code:matches']);
    }
  });

  it('takes a GPA as a decimal string on a 4- or 5-point scale', () => {
    expect(rulesBroken(degree({ grade: { gpa: '4.8', scale: 5 } }))).toEqual([]);
    expect(rulesBroken(degree({ grade: { gpa: 3.72, scale: 4 } }))).toEqual(['data.grade.gpa:matches']);
    expect(rulesBroken(degree({ grade: { gpa: '5.10', scale: 5 } }))).toEqual(['data.grade.gpa:matches']);
    expect(rulesBroken(degree({ grade: { gpa: '3.72', scale: 100 } }))).toEqual(['data.grade.scale:isIn']);
  });

  it('confers the degree after enrolment', () => {
    expect(rulesBroken(degree({ enrolledOn: '2025-06-30' }))).toEqual(['data.conferredOn:isAfterProperty']);
    expect(rulesBroken(degree({ conferredOn: '2025-02-30' }))).toEqual(['data.conferredOn:isCalendarDate']);
  });

  it('refuses null for an optional field', () => {
    expect(rulesBroken(degree({ grade: null }))).toEqual(expect.arrayContaining(['data.grade:isDefined']));
  });
});
