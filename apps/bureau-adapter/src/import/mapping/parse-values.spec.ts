import { describe, expect, it } from '@jest/globals';
import { parseDate } from './parse-date.js';
import { parseNationality } from './parse-nationality.js';

describe('parseDate', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024年3月1日', '2024-03-01'],
    ['2024 年 12 月 31 日', '2024-12-31'],
    ['2024.3.1', '2024-03-01'],
    ['20240301', '2024-03-01'],
    ['2024/3/1 0:00:00', '2024-03-01'],
    [' 2024-3-1 ', '2024-03-01'],
    ['2024/2/29', '2024-02-29'],
  ])('reads %s as %s', (text, date) => {
    expect(parseDate(text)).toBe(date);
  });

  it.each(['2023/2/29', '2024-13-01', '2024-00-10', '1/3/2024', '2024-03', 'yesterday', '2024/3/1 12:30', ''])('refuses %s', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe('parseNationality', () => {
  it('takes the alpha-3 code in any case, the Chinese or English name of the code list', () => {
    expect(parseNationality('FRA')).toBe('FRA');
    expect(parseNationality(' fra ')).toBe('FRA');
    expect(parseNationality('法国')).toBe('FRA');
    expect(parseNationality('德国')).toBe('DEU');
    expect(parseNationality('韩国')).toBe('KOR');
    expect(parseNationality('United Kingdom')).toBe('GBR');
    expect(parseNationality('france')).toBe('FRA');
  });

  it("takes a name from the mapping's own table, and refuses what it does not know", () => {
    expect(parseNationality('南韩', { 南韩: 'KOR' })).toBe('KOR');
    expect(parseNationality('南韩')).toBeUndefined();
    expect(parseNationality('火星')).toBeUndefined();
    expect(parseNationality('XXX')).toBeUndefined();
    expect(parseNationality('某国', { 某国: 'NOT' })).toBeUndefined();
  });
});
