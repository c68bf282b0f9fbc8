import { CHINA_WORKING_CALENDAR } from '../calendar/china-working-calendar.data.js';
import { loadWorkingCalendar } from '../calendar/working-calendar.js';
import type { AverageWageTable } from '../rules/average-wages.data.js';
import { RULE_BOOK } from '../rules/rule-book.data.js';
import type { RuleContext } from '../rules/rule-context.js';

const testSource = { en: 'Test figure, not a published wage', zh: '测试数据，非公布数字' };

/** Shanghai test wages for 2020–2024 (round numbers for readable arithmetic), nothing for 2025. */
export const TEST_WAGES: AverageWageTable = {
  id: 'test-wages',
  version: '1',
  provinces: {
    '310000': Object.fromEntries(
      [2020, 2021, 2022, 2023, 2024].map((year) => [
        year,
        { yuan: 100_000 + (year - 2020) * 10_000, measure: 'urban-non-private-units' as const, source: testSource },
      ]),
    ),
  },
  national: {},
};

export const calendar = loadWorkingCalendar(CHINA_WORKING_CALENDAR);

export function ruleContext(asOf: string, wages: AverageWageTable = TEST_WAGES): RuleContext {
  return { asOf, calendar, rules: RULE_BOOK, wages };
}
