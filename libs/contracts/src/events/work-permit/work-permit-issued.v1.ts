import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { PERMIT_CLASSES_LIST } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, Text, WholeNumber, WorkPermitNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';

/** Work-permit classes: A high-end talent, B professional, C other (quota-limited). */
export const PERMIT_CLASSES = ['A', 'B', 'C'] as const;
export type PermitClass = (typeof PERMIT_CLASSES)[number];

/** `work-permit.issued` v1: a bureau issued a Foreigner's Work Permit after the holder's entry. */
@Doc("A bureau issued a Foreigner's Work Permit", '外国人工作许可证已签发')
export class WorkPermitIssuedV1 {
  @Doc('Lifelong permit number: 18 digits', '终身不变的工作许可证号（18 位数字）')
  @WorkPermitNo()
  permitNo: string;

  @Doc('Permit class: A high-end talent, B professional, C other', '许可类别：A 高端人才、B 专业人才、C 其他人员')
  @Code(PERMIT_CLASSES_LIST)
  permitClass: PermitClass;

  @Doc('Points awarded at assessment (class A ≥ 85, B ≥ 60)', '积分（A 类 ≥ 85，B 类 ≥ 60）')
  @Optional()
  @WholeNumber(0, 200)
  points?: number;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('The employer', '用人单位')
  @Nested(() => Employer)
  employer: Employer;

  @Doc('Position held', '工作岗位')
  @Text(200)
  position: string;

  @Doc('First day of validity', '有效期起始日')
  @CalendarDate()
  validFrom: string;

  @Doc('Last day of validity, after validFrom', '有效期截止日（晚于起始日）')
  @CalendarDate()
  @IsAfterProperty('validFrom')
  validTo: string;
}

export const WORK_PERMIT_ISSUED_V1 = defineEvent({
  type: 'work-permit.issued',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work permit issued', zh: '工作许可证签发' },
  description: {
    en: "A provincial foreign-expert bureau issued a Foreigner's Work Permit (after the holder entered on a Z or R visa).",
    zh: '省级外国专家主管部门在持证人持 Z 字或 R 字签证入境后签发外国人工作许可证。',
  },
  payload: WorkPermitIssuedV1,
  identify: (data) => data.holder,
  example: () => ({
    permitNo: '310000202600001234',
    permitClass: 'B' as const,
    points: 72,
    holder: examplePerson(),
    employer: exampleEmployer(),
    position: 'Senior process engineer',
    validFrom: '2026-03-01',
    validTo: '2028-02-29',
  }),
});
