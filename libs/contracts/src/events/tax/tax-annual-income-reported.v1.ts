import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { Amount, CalendarDate, ReferenceNo, WholeNumber } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';

/**
 * `tax.annual-income-reported` v1: for one tax year, the wages a withholding agent (the employer)
 * paid a foreigner and the individual income tax on them, as the tax authority holds them.
 */
@Doc(
  'The tax authority reports, for one tax year and one employer, the wages and salaries paid to a foreigner and the individual income tax on them',
  '税务机关报告外国人某一纳税年度从某一用人单位取得的工资薪金所得及相应缴纳的个人所得税',
)
export class TaxAnnualIncomeReportedV1 {
  @Doc(
    "The tax authority's number for this report; a later correction refers to it in correctsReportNo",
    '税务机关对本次报告的编号；更正报告在 correctsReportNo 中引用',
  )
  @ReferenceNo(40)
  reportNo: string;

  @Doc(
    'Number of the report this one corrects and replaces (a corrected declaration); absent for a first report',
    '本报告所更正并取代的报告编号（更正申报）；首次报告时不填',
  )
  @Optional()
  @ReferenceNo(40)
  correctsReportNo?: string;

  @Doc('The taxpayer', '纳税人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Taxpayer identification number assigned by the tax authority', '税务机关赋予的纳税人识别号')
  @Optional()
  @ReferenceNo(40)
  taxpayerId?: string;

  @Doc('Tax year (calendar year), 2000–2100', '纳税年度（公历年度），2000–2100')
  @WholeNumber(2000, 2100)
  taxYear: number;

  @Doc('The employer that paid the wages and withheld the tax (withholding agent)', '支付工资薪金并代扣代缴税款的用人单位（扣缴义务人）')
  @Nested(() => Employer)
  employer: Employer;

  @Doc('Number of months of the tax year in which the employer paid wages, 1–12', '该纳税年度内用人单位发放工资薪金的月份数，1–12')
  @Optional()
  @WholeNumber(1, 12)
  monthsPaid?: number;

  @Doc(
    'Wages and salaries paid in the tax year, before tax and deductions, in yuan with two decimal places (e.g. 864000.00)',
    '纳税年度内取得的工资薪金所得（税前、扣除前），单位元，保留两位小数（如 864000.00）',
  )
  @Amount()
  annualSalary: string;

  @Doc(
    'Individual income tax actually paid on those wages for the tax year, in yuan with two decimal places; not more than annualSalary',
    '该纳税年度就上述工资薪金实际缴纳的个人所得税，单位元，保留两位小数；不超过 annualSalary',
  )
  @Amount()
  individualIncomeTaxPaid: string;

  @Doc(
    'Date the tax authority recorded the figures (after the tax year, normally after the annual reconciliation)',
    '税务机关记录上述数据的日期（纳税年度结束后，通常在年度汇算清缴之后）',
  )
  @CalendarDate()
  reportedOn: string;
}

export const TAX_ANNUAL_INCOME_REPORTED_V1 = defineEvent({
  type: 'tax.annual-income-reported',
  version: 1,
  topic: CANONICAL_TOPICS.tax,
  publishers: ['tax'],
  title: { en: 'Annual salary and income tax reported', zh: '年度工资薪金及个人所得税报告' },
  description: {
    en: "The tax authority reports a foreigner's wages and salaries from one employer for one tax year and the individual income tax paid on them. Permanent residence through the market channel (salary and tax linked) relies on these figures rather than on the applicant's word.",
    zh: '税务机关报告外国人某一纳税年度从某一用人单位取得的工资薪金所得及缴纳的个人所得税。与工资和税收挂钩的市场化永久居留申请渠道以此为准，而不以申请人自报为准。',
  },
  payload: TaxAnnualIncomeReportedV1,
  identify: (data) => data.holder,
  example: (): TaxAnnualIncomeReportedV1 => ({
    reportNo: '3101152025052000123',
    holder: examplePerson(),
    taxpayerId: 'E12345678FRA19880412',
    taxYear: 2024,
    employer: exampleEmployer(),
    monthsPaid: 12,
    annualSalary: '864000.00',
    individualIncomeTaxPaid: '187340.00',
    reportedOn: '2025-05-20',
  }),
});
