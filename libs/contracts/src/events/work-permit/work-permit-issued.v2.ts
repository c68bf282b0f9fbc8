import { Matches } from 'class-validator';
import { PERMIT_CLASSES_LIST } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { CalendarDate, Code, Text, WholeNumber, WorkPermitNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsGbT2260Region, Optional } from '../../validation/rules.js';
import { defineEvent, type VersionBridge } from '../event-contract.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';
import { Employer, Person } from '../shared/person.js';
import type { PermitClass, WorkPermitIssuedV1 } from './work-permit-issued.v1.js';

/** The period a permit is valid for. */
@Doc('The period the permit is valid for, both days included', '许可有效期（含首尾两日）')
export class PermitValidity {
  @Doc('First day of validity', '有效期起始日')
  @CalendarDate()
  from: string;

  @Doc('Last day of validity, after from', '有效期截止日（晚于起始日）')
  @CalendarDate()
  @IsAfterProperty('from')
  to: string;
}

/** The job the permit is for. */
@Doc('The job the permit is for', '许可对应的职业')
export class Occupation {
  @Doc('Job title as on the permit', '许可证上的职位名称')
  @Text(200)
  title: string;

  @Doc(
    'Occupation code of the Occupational Classification of the PRC (GB/T 6565), e.g. 2-02-07-01',
    '职业分类代码（《中华人民共和国职业分类大典》/ GB/T 6565），如 2-02-07-01',
  )
  @Optional()
  @Matches(/^\d-\d{2}-\d{2}-\d{2}$/, { message: '$property must be an occupation code such as 2-02-07-01' })
  code?: string;
}

/**
 * `work-permit.issued` v2: as v1, with the validity as one object, the occupation with its national
 * code, and the region of the workplace (which v1 carried only as the envelope's region).
 */
@Doc("A bureau issued a Foreigner's Work Permit", '外国人工作许可证已签发')
export class WorkPermitIssuedV2 {
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

  @Doc('The job the permit is for', '许可对应的职业')
  @Nested(() => Occupation)
  occupation: Occupation;

  @Doc('GB/T 2260 code of the place of work', '工作地点行政区划代码（GB/T 2260）')
  @IsGbT2260Region()
  workRegion: string;

  @Doc('Validity of the permit', '许可有效期')
  @Nested(() => PermitValidity)
  validity: PermitValidity;
}

/** v1 ⇄ v2: v1's position and dates move into objects; v1 had no workplace region, so the envelope's stands in. */
const FROM_V1: VersionBridge<WorkPermitIssuedV1, WorkPermitIssuedV2> = {
  upcast: (v1, envelope) => ({
    permitNo: v1.permitNo,
    permitClass: v1.permitClass,
    ...(v1.points === undefined ? {} : { points: v1.points }),
    holder: v1.holder,
    employer: v1.employer,
    occupation: { title: v1.position },
    workRegion: envelope.region,
    validity: { from: v1.validFrom, to: v1.validTo },
  }),
  downcast: (v2) => ({
    permitNo: v2.permitNo,
    permitClass: v2.permitClass,
    ...(v2.points === undefined ? {} : { points: v2.points }),
    holder: v2.holder,
    employer: v2.employer,
    position: v2.occupation.title,
    validFrom: v2.validity.from,
    validTo: v2.validity.to,
  }),
};

export const WORK_PERMIT_ISSUED_V2 = defineEvent({
  type: 'work-permit.issued',
  version: 2,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work permit issued', zh: '工作许可证签发' },
  description: {
    en:
      "A provincial foreign-expert bureau issued a Foreigner's Work Permit (after the holder entered on a Z or R visa). " +
      'Version 2 adds the workplace region and the national occupation code and groups the validity dates; the hub ' +
      'converts between v1 and v2 for subscribers pinned to either.',
    zh: '省级外国专家主管部门在持证人持 Z 字或 R 字签证入境后签发外国人工作许可证。第 2 版增加工作地点行政区划和职业分类代码，并将有效期合并为一个对象；枢纽为订阅任一版本的机构互相转换。',
  },
  payload: WorkPermitIssuedV2,
  identify: (data) => data.holder,
  example: () => ({
    permitNo: '310000202600001234',
    permitClass: 'B' as const,
    points: 72,
    holder: examplePerson(),
    employer: exampleEmployer(),
    occupation: { title: 'Senior process engineer', code: '2-02-07-01' },
    workRegion: '310115',
    validity: { from: '2026-03-01', to: '2028-02-29' },
  }),
  bridge: FROM_V1,
});
