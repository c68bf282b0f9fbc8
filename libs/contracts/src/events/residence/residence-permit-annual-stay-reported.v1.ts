import { Doc } from '../../schema/annotations.js';
import { CalendarDate, WholeNumber } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';

/** `residence-permit.annual-stay-reported` v1: days a foreigner spent in China in one calendar year. */
@Doc(
  'Public security reported, from exit-entry records, how many days a foreigner spent in China in one calendar year',
  '公安机关出入境管理机构根据出入境记录报告外国人某一公历年度在华居留天数',
)
export class ResidencePermitAnnualStayReportedV1 {
  @Doc('The foreigner', '外国人')
  @Nested(() => Person)
  holder: Person;

  @Doc('The calendar year reported', '报告的公历年度')
  @WholeNumber(2000, 2100)
  year: number;

  @Doc(
    'Days in China in that year, from the entry and exit records (a day of entry or exit counts); at most 366',
    '该年度在华天数（依据出入境记录，入境日和出境日均计入）；不超过 366',
  )
  @WholeNumber(0, 366)
  daysInChina: number;

  @Doc('Day the figure was taken from the records; a later report of the same year replaces it', '统计日期；同一年度的后续报告取代先前报告')
  @CalendarDate()
  reportedOn: string;
}

export const RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1 = defineEvent({
  type: 'residence-permit.annual-stay-reported',
  version: 1,
  topic: CANONICAL_TOPICS.residencePermit,
  publishers: ['psb'],
  title: { en: 'Annual stay reported', zh: '年度在华居留天数报告' },
  description: {
    en: 'Public security (exit-entry) reports once a year, and again when records are corrected, how many days a foreigner spent in China in a calendar year. Permanent residence requires actual residence in China (e.g. at least 183 days a year in the years that count), which the linkage service tests with these reports.',
    zh: '公安机关出入境管理机构每年（及记录更正时）报告外国人某一公历年度在华天数。永久居留要求在华实际居住（如每年不少于 183 天），衔接服务据此检验。',
  },
  payload: ResidencePermitAnnualStayReportedV1,
  identify: (data) => data.holder,
  example: (): ResidencePermitAnnualStayReportedV1 => ({
    holder: examplePerson(),
    year: 2025,
    daysInChina: 297,
    reportedOn: '2026-01-15',
  }),
});
