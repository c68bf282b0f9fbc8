import { ArrayMaxSize, ArrayUnique, IsArray, IsUUID, Matches } from 'class-validator';
import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, OneOf, Text, WholeNumber } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { LINKAGE_CASE_KINDS, LINKAGE_CASE_RESOLUTIONS, LINKAGE_OUTCOMES } from './code-lists.js';

const AGENCY_ID = /^[a-z]+(-\d{6})?$/;
const AGENCY_ID_MESSAGE = '$property must be an agency id such as psb-310000';

/** Text in both languages, as every linkage conclusion explains itself. */
@Doc('A text in Simplified Chinese and English', '中英文文本')
export class LinkageText {
  @Doc('In Simplified Chinese', '中文')
  @Text(4000)
  zh: string;

  @Doc('In English', '英文')
  @Text(4000)
  en: string;
}

/** One number a rule decided with, so the decision can be checked by hand. */
@Doc('A threshold or reference value the rule used, by name', '规则所用的阈值或参考数据（按名称）')
export class LinkageThreshold {
  @Doc('Name of the threshold as in the rule book, e.g. dueInWorkingDays', '阈值名称（与规则库一致），如 dueInWorkingDays')
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,63}$/, { message: '$property must be a name of letters and digits such as dueInWorkingDays' })
  name: string;

  @Doc('Its value, written as text (numbers and dates as in the rule book)', '阈值取值（以文本表示，数字和日期同规则库）')
  @Text(500)
  value: string;
}

/** One test a rule ran, with what it measured against what it required. */
@Doc(
  'One test the rule ran, e.g. one year of the salary test for permanent residence',
  '规则执行的一项检验，如永久居留工资条件中的某一年度',
)
export class LinkageFinding {
  @Doc('What the test is about, e.g. the year 2025', '检验对象，如 2025 年度')
  @Text(200)
  about: string;

  @Doc('Which test, e.g. salary-multiple-of-average-wage', '检验项目，如 salary-multiple-of-average-wage')
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: '$property must be a test name of lower-case letters, digits and -' })
  test: string;

  @Doc(
    'yes: met; no: not met; cannot-decide: a fact or reference value is missing',
    'yes 符合；no 不符合；cannot-decide 缺少事实或参考数据，无法判定',
  )
  @OneOf(['yes', 'no', 'cannot-decide'])
  passed: 'yes' | 'no' | 'cannot-decide';

  @Doc('The value measured, e.g. an amount in yuan or a number of days', '实测值，如金额（元）或天数')
  @Optional()
  @Text(200)
  measured?: string;

  @Doc('The value required', '要求值')
  @Optional()
  @Text(200)
  required?: string;

  @Doc('By how much the test failed, when it failed', '未达要求的差额（不符合时）')
  @Optional()
  @Text(200)
  shortfall?: string;

  @Doc('The test explained', '检验说明')
  @Nested(() => LinkageText)
  explanation: LinkageText;
}

/** How a case ended. */
@Doc('How the case was resolved, and by whom', '案件办结方式及办结人')
export class LinkageCaseResolution {
  @Doc('Outcome of the case', '办结结果')
  @Code(LINKAGE_CASE_RESOLUTIONS)
  outcome: string;

  @Doc('Note by the person who resolved it (up to 1000 characters)', '办结说明（不超过 1000 字）')
  @Optional()
  @Text(1000)
  note?: string;

  @Doc(
    'Who resolved it: the agency and the named key it acted through (psb-310000:officer-a), or linkage when a later fact settled it',
    '办结人：办理机构及其调用所用的具名密钥（如 psb-310000:officer-a）；由后续事实办结时为 linkage',
  )
  @Text(200)
  resolvedBy: string;
}

/** A case for people to act on, owned by the agency that holds the data the next step needs. */
@Doc('The case the decision opened or changed', '决定所开立或变更的案件')
export class LinkageCase {
  @Doc('Case id (UUID v5 of the case key, the same after a rebuild)', '案件编号（由案件键生成的 UUID v5，重建后不变）')
  @IsUUID()
  caseId: string;

  @Doc('Kind of case', '案件类别')
  @Code(LINKAGE_CASE_KINDS)
  kind: string;

  @Doc('Agency id of the agency that owns the case, e.g. psb-310000', '负责办理的机构编号，如 psb-310000')
  @Matches(AGENCY_ID, { message: AGENCY_ID_MESSAGE })
  ownerAgency: string;

  @Doc(
    'open, claimed (someone works on it), resolved, or overdue (past its due date)',
    'open 待办；claimed 已认领；resolved 已办结；overdue 已逾期',
  )
  @OneOf(['open', 'claimed', 'resolved', 'overdue'])
  state: 'open' | 'claimed' | 'resolved' | 'overdue';

  @Doc('Day the case was opened, from which its working days count', '立案日期（工作日自此起算）')
  @CalendarDate()
  openedOn: string;

  @Doc(
    "Due date, counted in working days on China's official calendar; absent when it cannot be counted (see dueCannotDecide)",
    '办理期限（按国家法定工作日历计算）；无法计算时不填（见 dueCannotDecide）',
  )
  @Optional()
  @CalendarDate()
  dueDate?: string;

  @Doc('Why the due date cannot be counted (e.g. the calendar does not cover the year)', '无法计算办理期限的原因（如工作日历未覆盖该年度）')
  @Optional()
  @Text(1000)
  dueCannotDecide?: string;

  @Doc('How the case ended, once resolved', '案件办结信息（办结后提供）')
  @Optional()
  @Nested(() => LinkageCaseResolution)
  resolution?: LinkageCaseResolution;
}

/**
 * The data of every `linkage.*` event v1: one decision of a linkage rule about one person's chain,
 * explained (rule id and version, input events, thresholds, findings) and, when it concerns a case,
 * the case.
 */
@Doc(
  "A decision of the linkage service about one person's chain of records, explained, with the case it concerns",
  '衔接服务对某人跨部门记录链作出的决定（附说明）及所涉案件',
)
export class LinkageDecisionV1 {
  @Doc(
    'Key of the decision: rule id, subject and the fact it is about; stable across rebuilds, so a later event with the same key supersedes the earlier',
    '决定键：规则编号、主体及所涉事项；重建后不变，同一键的后续事件取代先前事件',
  )
  @Matches(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,299}$/, { message: '$property must be 1–300 letters, digits or : . _ -' })
  decisionKey: string;

  @Doc('Id of the rule in the rule book, e.g. LNK-01-WORK-PERMIT-ENDED', '规则库中的规则编号，如 LNK-01-WORK-PERMIT-ENDED')
  @Matches(/^LNK-[0-9A-Z-]{1,60}$/, { message: '$property must be a rule id such as LNK-01-WORK-PERMIT-ENDED' })
  ruleId: string;

  @Doc('Version of the rule the decision was made under', '作出决定所依据的规则版本')
  @WholeNumber(1, 100_000)
  ruleVersion: number;

  @Doc('What the rule concluded', '规则结论')
  @Code(LINKAGE_OUTCOMES)
  outcome: string;

  @Doc('The decision explained for the people who act on it', '决定说明（供办理人员阅读）')
  @Nested(() => LinkageText)
  explanation: LinkageText;

  @Doc('Ids of the events the decision rests on, sorted', '决定所依据的事件编号（已排序）')
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  inputEventIds: string[];

  @Doc('Thresholds and reference data the rule used, sorted by name', '规则所用的阈值和参考数据（按名称排序）')
  @IsArray()
  @ArrayMaxSize(50)
  @Nested(() => LinkageThreshold, { each: true })
  thresholds: LinkageThreshold[];

  @Doc(
    'The tests the rule ran, when it reports them (e.g. each year of the salary test)',
    '规则执行的各项检验（如永久居留工资条件的各年度）',
  )
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @Nested(() => LinkageFinding, { each: true })
  findings?: LinkageFinding[];

  @Doc('Agencies told of the decision without a case for them', '获知该决定但无需办理案件的机构')
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(AGENCY_ID, { each: true, message: 'each of $property must be an agency id such as psb-310000' })
  notify?: string[];

  @Doc('The case the decision opened or changed, when there is one', '决定所开立或变更的案件（如有）')
  @Optional()
  @Nested(() => LinkageCase)
  case?: LinkageCase;
}
