import { describe, expect, it } from '@jest/globals';
import { validateSync } from 'class-validator';
import { HasNoControlCharacters, IsAfterProperty, IsCalendarDate } from './rules.js';

class Period {
  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  @IsAfterProperty('from')
  to: string;

  @HasNoControlCharacters()
  name = 'ok';
}

function rulesBroken(values: Partial<Period>): string[] {
  const period = Object.assign(new Period(), { from: '2026-01-01', to: '2026-12-31' }, values);
  return validateSync(period).flatMap((error) => Object.keys(error.constraints ?? {}).map((rule) => `${error.property}:${rule}`));
}

describe('contract rules', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '1999-01-01'])('accepts the real date %s', (date) => {
    expect(rulesBroken({ from: date, to: '2100-01-01' })).toEqual([]);
  });

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    '20260101',
    '2026-01-01T00:00:00Z',
  ])('refuses %s', (date) => {
    expect(rulesBroken({ from: date })).toContain('from:isCalendarDate');
  });

  it('wants the end after the start', () => {
    expect(rulesBroken({ from: '2026-05-01', to: '2026-05-01' })).toEqual(['to:isAfterProperty']);
    expect(rulesBroken({ from: '2026-05-01', to: '2026-04-30' })).toEqual(['to:isAfterProperty']);
  });

  it('refuses control characters but not other scripts', () => {
    expect(rulesBroken({ name: 'Zoë 𠮷田 Nguyễn' })).toEqual([]);
    expect(rulesBroken({ name: 'line\nbreak' })).toEqual(['name:hasNoControlCharacters']);
    expect(rulesBroken({ name: 'nul\u0000' })).toEqual(['name:hasNoControlCharacters']);
    expect(rulesBroken({ name: 'c1\u0085' })).toEqual(['name:hasNoControlCharacters']);
  });
});
