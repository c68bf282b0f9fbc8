import { IsIn } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { PERMIT_CLASSES_LIST, VISA_CATEGORIES } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, ReferenceNo, Text, WholeNumber } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';
import { type PermitClass } from './work-permit-issued.v1.js';

/** `work-permit.notice-issued` v1: a bureau issued the notice of work permit a Z or R visa needs. */
@Doc(
  "A bureau approved a work-permit application and issued the Notice of Foreigner's Work Permit, with which the foreigner applies for a Z or R visa",
  '外国专家主管部门批准工作许可申请并签发《外国人工作许可通知》，外国人凭此申请 Z 字或 R 字签证',
)
export class WorkPermitNoticeIssuedV1 {
  @Doc('Number of the notice, as printed on it; the visa office checks it', '工作许可通知编号（与通知上所印一致，签证机关据此核验）')
  @ReferenceNo(40)
  noticeNo: string;

  @Doc('Application number, as in work-permit.application-submitted', '申请编号（同 work-permit.application-submitted）')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The foreigner the notice is for', '被许可人（拟来华工作的外国人）')
  @Nested(() => Person)
  holder: Person;

  @Doc('The employer named in the notice', '通知所列用人单位')
  @Nested(() => Employer)
  employer: Employer;

  @Doc('Position approved', '批准的工作岗位')
  @Text(200)
  position: string;

  @Doc('Permit class assessed: A high-end talent, B professional, C other', '评定的许可类别：A 高端人才、B 专业人才、C 其他人员')
  @Code(PERMIT_CLASSES_LIST)
  permitClass: PermitClass;

  @Doc('Points awarded at assessment (class A ≥ 85, B ≥ 60)', '评定积分（A 类 ≥ 85，B 类 ≥ 60）')
  @Optional()
  @WholeNumber(0, 200)
  points?: number;

  @Doc(
    'Visa the notice supports: Z (work), or R (talent) for class A only (the pairing with permitClass is not checked by the hub)',
    '凭通知可申请的签证种类：Z 字（工作），或 R 字（人才，仅限 A 类；与 permitClass 的对应关系枢纽不校验）',
  )
  @Code(VISA_CATEGORIES)
  @IsIn(['Z', 'R'])
  visaCategory: 'Z' | 'R';

  @Doc('Day the notice was issued', '通知签发日期')
  @CalendarDate()
  issuedOn: string;

  @Doc(
    'Last day on which the notice may be used to apply for the visa, after issuedOn',
    '通知有效期截止日（凭通知申请签证的最后一日，晚于签发日期）',
  )
  @CalendarDate()
  @IsAfterProperty('issuedOn')
  validUntil: string;
}

export const WORK_PERMIT_NOTICE_ISSUED_V1 = defineEvent({
  type: 'work-permit.notice-issued',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work-permit notice issued', zh: '外国人工作许可通知签发' },
  description: {
    en: "A provincial foreign-expert bureau approved a work-permit application and issued the Notice of Foreigner's Work Permit. The foreigner needs it to obtain a Z visa, or an R talent visa if assessed class A; the work permit itself is issued after entry.",
    zh: '省级外国专家主管部门批准外国人来华工作许可申请并签发《外国人工作许可通知》。外国人凭此通知申请 Z 字签证（A 类可申请 R 字人才签证），入境后再领取工作许可证。',
  },
  payload: WorkPermitNoticeIssuedV1,
  identify: (data) => data.holder,
  example: (): WorkPermitNoticeIssuedV1 => ({
    noticeNo: 'N3100002026000456',
    applicationNo: 'WP-310000-2026-000123',
    holder: examplePerson(),
    employer: exampleEmployer(),
    position: 'Senior process engineer',
    permitClass: 'B',
    points: 72,
    visaCategory: 'Z',
    issuedOn: '2026-02-10',
    validUntil: '2026-08-09',
  }),
});
