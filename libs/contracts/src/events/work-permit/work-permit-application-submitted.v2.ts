import { IsBoolean } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { PERMIT_CLASSES_LIST } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { CalendarDate, Code, OneOf, ReferenceNo, Text } from '../../validation/fields.js';
import { Optional } from '../../validation/rules.js';
import { defineEvent, type VersionBridge } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';
import { type PermitClass } from './work-permit-issued.v1.js';
import type { WorkPermitApplicationSubmittedV1 } from './work-permit-application-submitted.v1.js';

/** The paths an application can take: the standard one, or the notice's special paths for graduates and founders. */
export const APPLICATION_PATHS = ['standard', 'graduate', 'founder'] as const;
export type ApplicationPath = (typeof APPLICATION_PATHS)[number];

/**
 * `work-permit.application-submitted` v2: as v1, with the path the application takes (standard,
 * foreign graduate of a Chinese university, founder), which decides what the bureau checks.
 */
@Doc(
  "An employer submitted an application for a Foreigner's Work Permit (the notice that precedes it) to a bureau",
  '用人单位向外国专家主管部门提交外国人来华工作许可申请',
)
export class WorkPermitApplicationSubmittedV2 {
  @Doc(
    "Application number assigned by the bureau's system; every later event of the application carries it",
    '外国人来华工作管理服务系统生成的申请编号；该申请后续所有事件均沿用此编号',
  )
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The foreigner the application is for', '申请人（拟来华工作的外国人）')
  @Nested(() => Person)
  holder: Person;

  @Doc('The employer that filed the application', '提交申请的用人单位')
  @Nested(() => Employer)
  employer: Employer;

  @Doc('Position offered, as stated in the application', '申请中填报的拟任工作岗位')
  @Text(200)
  position: string;

  @Doc(
    'Permit class applied for: A high-end talent, B professional, C other; the bureau may assess a different class',
    '申请的许可类别：A 高端人才、B 专业人才、C 其他人员；主管部门评定的类别可能不同',
  )
  @Code(PERMIT_CLASSES_LIST)
  requestedClass: PermitClass;

  @Doc('Day the application was submitted', '申请提交日期')
  @CalendarDate()
  submittedOn: string;

  @Doc(
    'true when the foreigner applies from inside China (already lawfully resident, e.g. a graduate of a Chinese university or changing employer); false when applying from abroad, which leads to a work-permit notice and a Z or R visa',
    'true 表示境内申请（申请人已在华合法居留，如在华高校毕业生或更换用人单位）；false 表示境外申请（须先取得工作许可通知再办理 Z 字或 R 字签证）',
  )
  @IsBoolean()
  inChina: boolean;

  @Doc(
    "The path the application takes: standard; graduate (a foreign graduate of a Chinese university with a master's degree or above, within a year of graduating, notice section 二(四)); founder (a foreign graduate starting a business, with the business licence). Absent on applications first published as v1",
    '申请类别：standard 一般申请；graduate 在华高校硕士及以上学位外国毕业生（毕业一年内，通知第二条第（四）项）；founder 外国毕业生创业（须附营业执照）。仅以第 1 版发布的申请无此项',
  )
  @Optional()
  @OneOf(APPLICATION_PATHS)
  path?: ApplicationPath;
}

/** v1 ⇄ v2: v1 states no path, so an upcast v1 application has none; a downcast drops it. */
const FROM_V1: VersionBridge<WorkPermitApplicationSubmittedV1, WorkPermitApplicationSubmittedV2> = {
  upcast: (v1) => ({ ...v1 }),
  downcast: ({ path: _path, ...v1 }) => v1,
};

export const WORK_PERMIT_APPLICATION_SUBMITTED_V2 = defineEvent({
  type: 'work-permit.application-submitted',
  version: 2,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work-permit application submitted', zh: '外国人来华工作许可申请已提交' },
  description: {
    en: 'An employer submitted a work-permit application for a foreigner to a provincial foreign-expert bureau, from inside China or for a foreigner still abroad. Version 2 adds the path (standard, graduate, founder); the hub converts between v1 and v2 for subscribers pinned to either.',
    zh: '用人单位为外国人向省级外国专家主管部门提交来华工作许可申请（境内申请或境外申请）。第 2 版增加申请类别（一般、外国毕业生、创业）；枢纽为订阅任一版本的机构互相转换。',
  },
  payload: WorkPermitApplicationSubmittedV2,
  identify: (data) => data.holder,
  example: (): WorkPermitApplicationSubmittedV2 => ({
    applicationNo: 'WP-310000-2026-000123',
    holder: examplePerson(),
    employer: exampleEmployer(),
    position: 'Research engineer',
    requestedClass: 'B',
    submittedOn: '2026-01-05',
    inChina: true,
    path: 'graduate',
  }),
  bridge: FROM_V1,
});
