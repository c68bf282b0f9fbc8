import { Matches } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { VIOLATION_KINDS } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsNotBeforeProperty, Optional } from '../../validation/rules.js';
import { Amount, CalendarDate, Code, ReferenceNo, Text } from '../../validation/fields.js';
import { defineEvent, type VersionBridge } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';
import { VIOLATION_SEVERITIES } from './code-lists.js';
import type { CreditViolationRecordedV1 } from './credit-violation-recorded.v1.js';

/**
 * `credit.violation-recorded` v2: as v1, with the severity credit supervision assigns, from which the
 * agencies decide whether the person's permits are to be reviewed.
 */
@Doc(
  'Credit supervision recorded a violation by a foreigner working in China, and by the employer where it took part',
  '信用监管部门记录在华工作外国人的违法违规行为（涉及用人单位的一并记录）',
)
export class CreditViolationRecordedV2 {
  @Doc(
    'Number of the credit record; a later credit.record-cleared event refers to it',
    '信用记录编号；后续 credit.record-cleared 事件引用此编号',
  )
  @ReferenceNo(40)
  recordNo: string;

  @Doc('The foreigner the violation is recorded against', '被记录违法违规行为的外国人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Kind of violation', '违法违规行为类别')
  @Code(VIOLATION_KINDS)
  kind: string;

  @Doc(
    'Severity: minor, serious or grave (code list violation-severity); a serious or grave violation leads the bureau and public security to review the permits. Given on every new record; absent only on records first published as v1',
    '严重程度：minor 一般、serious 严重、grave 特别严重（代码表 violation-severity）；严重及特别严重的由外国专家主管部门和公安机关复核许可证件。新记录均应填写；仅以第 1 版发布的记录无此项',
  )
  @Optional()
  @Code(VIOLATION_SEVERITIES)
  severity?: string;

  @Doc('Date the violation took place (its first day, for a continuing violation)', '违法违规行为发生日期（持续性行为为起始日）')
  @CalendarDate()
  occurredOn: string;

  @Doc('Date the violation was entered in the credit record, not before occurredOn', '记入信用记录的日期（不早于发生日期）')
  @CalendarDate()
  @IsNotBeforeProperty('occurredOn')
  recordedOn: string;

  @Doc(
    'Agency id of the authority that established the violation, e.g. psb-310000 (kind of agency, then the six-digit region code)',
    '认定违法违规行为的机关编号，如 psb-310000（机关类别加六位行政区划代码）',
  )
  @Matches(/^[a-z]+(-\d{6})?$/, { message: '$property must be an agency id such as psb-310000' })
  authority: string;

  @Doc(
    'Number of the written decision (e.g. administrative penalty decision), as printed, when one was issued',
    '处理决定书文号（如行政处罚决定书文号，按原文填写）',
  )
  @Optional()
  @Text(100)
  decisionNo?: string;

  @Doc('The employer involved, when the violation concerns an employment', '涉及的用人单位（违法违规行为与用工有关时）')
  @Optional()
  @Nested(() => Employer)
  employer?: Employer;

  @Doc('What happened, as established by the authority (up to 1000 characters)', '经认定的违法违规事实（不超过 1000 字）')
  @Text(1000)
  description: string;

  @Doc('Penalty imposed (warning, fine, detention, deportation …), in words', '处罚内容（警告、罚款、拘留、遣送出境等）')
  @Optional()
  @Text(500)
  penalty?: string;

  @Doc('Amount of any fine, in yuan with two decimal places', '罚款金额，单位元，保留两位小数')
  @Optional()
  @Amount()
  fine?: string;

  @Doc(
    'Last day the record is shared (end of its publication period), after recordedOn; absent when open-ended',
    '信用记录公示（共享）截止日，晚于记录日期；无固定期限时不填',
  )
  @Optional()
  @CalendarDate()
  @IsAfterProperty('recordedOn')
  publishedUntil?: string;
}

/** v1 ⇄ v2: v1 states no severity, so an upcast v1 record has none; a downcast drops it. */
const FROM_V1: VersionBridge<CreditViolationRecordedV1, CreditViolationRecordedV2> = {
  upcast: (v1) => ({ ...v1 }),
  downcast: ({ severity: _severity, ...v1 }) => v1,
};

export const CREDIT_VIOLATION_RECORDED_V2 = defineEvent({
  type: 'credit.violation-recorded',
  version: 2,
  topic: CANONICAL_TOPICS.credit,
  publishers: ['credit'],
  title: { en: 'Violation recorded', zh: '违法违规行为记录' },
  description: {
    en: 'Credit supervision of foreigners working in China recorded a violation (illegal employment, false materials, overstay …) established by a competent authority, so that every agency sees it in in-process and after-the-fact supervision. Version 2 adds the severity; the hub converts between v1 and v2 for subscribers pinned to either (a v1 record has no severity).',
    zh: '外国人来华工作社会信用体系记录经主管机关认定的违法违规行为（非法就业、提供虚假材料、非法居留等），供各部门事中事后监管共享使用。第 2 版增加严重程度；枢纽为订阅任一版本的机构互相转换（第 1 版记录无严重程度）。',
  },
  payload: CreditViolationRecordedV2,
  identify: (data) => data.holder,
  example: (): CreditViolationRecordedV2 => ({
    recordNo: 'CR-310000-2026-000045',
    holder: examplePerson(),
    kind: 'illegal-employment',
    severity: 'serious',
    occurredOn: '2025-11-10',
    recordedOn: '2026-02-26',
    authority: 'psb-310000',
    decisionNo: '沪公（出入境）行罚决字〔2026〕0123号',
    employer: { creditCode: '52310115MJ5A6B7C8D', name: '上海示例外语培训学校' },
    description: 'Taught evening classes for a training school not named on the work permit from 2025-11-10 to 2026-01-20.',
    penalty: 'Warning and fine',
    fine: '5000.00',
    publishedUntil: '2029-02-25',
  }),
  bridge: FROM_V1,
});
