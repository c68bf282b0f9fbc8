import type { Bilingual } from '../../schema/annotations.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent, type EventContract } from '../event-contract.js';
import { LinkageDecisionV1 } from './linkage-decision.v1.js';

const SOURCE = {
  en: 'Published by the linkage service, signed with its own key, about a person known by subject id (the envelope carries it; data names no one).',
  zh: '由衔接服务以自身密钥签名发布；事件所涉人员以主体编号标识（在信封中给出，data 不含个人身份信息）。',
};

/** A `linkage.*` contract v1: every one carries a LinkageDecisionV1 and is published by the linkage service only. */
function linkageEvent<const K extends `linkage.${string}`>(
  type: K,
  title: Bilingual,
  description: Bilingual,
  example: () => LinkageDecisionV1,
): EventContract<LinkageDecisionV1, K> {
  return defineEvent({
    type,
    version: 1,
    topic: CANONICAL_TOPICS.linkage,
    publishers: ['linkage'],
    title,
    description: { en: `${description.en} ${SOURCE.en}`, zh: `${description.zh}${SOURCE.zh}` },
    payload: LinkageDecisionV1,
    example,
  });
}

const CASE_ID = '6f1c8e52-3b7a-5d41-9a0e-2c4b8f7d1e93';

export const LINKAGE_REVIEW_REQUIRED_V1 = linkageEvent(
  'linkage.review-required',
  { en: 'Review required', zh: '需复核' },
  {
    en: 'A linkage rule asks the agency that owns the next step to review a case (e.g. public security to review a work-type residence permit after the work permit ended), or cannot decide for lack of data and says which.',
    zh: '衔接规则要求负责下一环节的机构复核案件（如工作许可终止后由公安机关复核工作类居留许可），或因缺少数据无法判定并说明所缺数据。',
  },
  () => ({
    decisionKey: 'LNK-01-WORK-PERMIT-ENDED:sub_0123456789abcdef0123456789abcdef:310000202600001234',
    ruleId: 'LNK-01-WORK-PERMIT-ENDED',
    ruleVersion: 1,
    outcome: 'review-required',
    explanation: {
      zh: '工作许可 310000202600001234 已于 2026-02-27 撤销；请公安机关出入境管理部门复核工作类居留许可 SH2025R000123。',
      en: 'Work permit 310000202600001234 was revoked on 2026-02-27; public security (exit-entry) is to review work-type residence permit SH2025R000123.',
    },
    inputEventIds: ['0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01', '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'],
    thresholds: [{ name: 'dueInWorkingDays', value: '10' }],
    case: {
      caseId: CASE_ID,
      kind: 'residence-review',
      ownerAgency: 'psb-310000',
      state: 'open',
      openedOn: '2026-02-27',
      dueDate: '2026-03-13',
    },
  }),
);

export const LINKAGE_INCONSISTENCY_DETECTED_V1 = linkageEvent(
  'linkage.inconsistency-detected',
  { en: 'Inconsistency detected', zh: '发现记录不一致' },
  {
    en: "A linkage rule found two agencies' records of one person that do not fit together, e.g. a work-type residence permit valid beyond the work permit it rests on.",
    zh: '衔接规则发现同一人员在不同机构的记录相互矛盾，如工作类居留许可有效期超出其所依据的工作许可。',
  },
  () => ({
    decisionKey: 'LNK-01B-RESIDENCE-BEYOND-WORK-PERMIT:sub_0123456789abcdef0123456789abcdef:SH2025R000123',
    ruleId: 'LNK-01B-RESIDENCE-BEYOND-WORK-PERMIT',
    ruleVersion: 1,
    outcome: 'inconsistency-detected',
    explanation: {
      zh: '工作类居留许可 SH2025R000123 有效期至 2028-06-30，晚于其工作许可 310000202600001234 的截止日 2028-02-29。',
      en: 'Work-type residence permit SH2025R000123 is valid to 2028-06-30, after its work permit 310000202600001234 ends on 2028-02-29.',
    },
    inputEventIds: ['0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01', '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'],
    thresholds: [{ name: 'dueInWorkingDays', value: '10' }],
    case: {
      caseId: CASE_ID,
      kind: 'residence-inconsistency',
      ownerAgency: 'psb-310000',
      state: 'open',
      openedOn: '2026-03-02',
      dueDate: '2026-03-16',
    },
  }),
);

export const LINKAGE_DEADLINE_OVERDUE_V1 = linkageEvent(
  'linkage.deadline-overdue',
  { en: 'Deadline overdue', zh: '逾期未办' },
  {
    en: 'A deadline passed with nothing done: a document promised under notify-and-commit or accepted as missing was not supplied by its due date, or a case was not resolved by its due date.',
    zh: '期限届满而未办理：告知承诺或容缺受理的材料未在期限内提交，或案件未在办理期限内办结。',
  },
  () => ({
    decisionKey: 'LNK-02-NOTIFY-COMMIT:sub_0123456789abcdef0123456789abcdef:CM-310000-2025-004321',
    ruleId: 'LNK-02-NOTIFY-COMMIT',
    ruleVersion: 1,
    outcome: 'deadline-overdue',
    explanation: {
      zh: '承诺 CM-310000-2025-004321（criminal-record）应于 2026-02-20 前提交，至今未提交；请外国专家主管部门跟进核查。',
      en: 'The commitment CM-310000-2025-004321 (criminal-record) was due on 2026-02-20 and has not been supplied; the bureau is to follow it up.',
    },
    inputEventIds: ['0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01'],
    thresholds: [
      { name: 'dueDate', value: '2026-02-20' },
      { name: 'dueInWorkingDays', value: '5' },
    ],
    case: {
      caseId: CASE_ID,
      kind: 'commitment-overdue',
      ownerAgency: 'bureau-310000',
      state: 'overdue',
      openedOn: '2026-02-20',
      dueDate: '2026-02-27',
    },
  }),
);

export const LINKAGE_ELIGIBILITY_DETERMINED_V1 = linkageEvent(
  'linkage.eligibility-determined',
  { en: 'Eligibility determined', zh: '资格判定' },
  {
    en: 'A linkage rule determined whether a person meets the conditions of a policy (e.g. permanent residence linked to salary and tax), with each test, its measured and required values and any shortfall.',
    zh: '衔接规则判定人员是否符合某项政策条件（如工资性收入和缴税挂钩的永久居留），并列明各项检验的实测值、要求值和差额。',
  },
  () => ({
    decisionKey: 'LNK-05-PR-SALARY-TAX:sub_0123456789abcdef0123456789abcdef',
    ruleId: 'LNK-05-PR-SALARY-TAX',
    ruleVersion: 2,
    outcome: 'not-eligible',
    explanation: {
      zh: '2022–2025 年不符合条件：2023 年：个人所得税 150000.00 元，要求不低于工资 20%（180000.00 元）：相差 30000.00 元。',
      en: 'Not eligible for 2022–2025: 2023: income tax 150000.00 against 20 % of salary 180000.00: short by 30000.00.',
    },
    inputEventIds: ['0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01', '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'],
    thresholds: [
      { name: 'consecutiveYears', value: '4' },
      { name: 'minDaysInChinaPerYear', value: '183' },
      { name: 'minTaxPercent', value: '20' },
      { name: 'salaryMultiple', value: '6' },
    ],
    findings: [
      {
        about: '2023',
        test: 'tax-share-of-salary',
        passed: 'no',
        measured: '150000.00',
        required: '180000.00',
        shortfall: '30000.00',
        explanation: {
          zh: '2023 年：个人所得税 150000.00 元，要求不低于工资 20%（180000.00 元）：相差 30000.00 元。',
          en: '2023: income tax 150000.00 against 20 % of salary 180000.00: short by 30000.00.',
        },
      },
    ],
    notify: [],
  }),
);

export const LINKAGE_CASE_RESOLVED_V1 = linkageEvent(
  'linkage.case-resolved',
  { en: 'Case resolved', zh: '案件办结' },
  {
    en: 'A case was resolved: by the owning agency through the cases API (with its outcome and note), or by the linkage service when a later fact settled it (a document supplied, a degree matched, a residence permit shortened).',
    zh: '案件已办结：由负责机构通过案件接口办结（附结果和说明），或由衔接服务根据后续事实确认办结（材料已提交、学位已匹配、居留许可已缩短等）。',
  },
  () => ({
    decisionKey: 'LNK-01-WORK-PERMIT-ENDED:sub_0123456789abcdef0123456789abcdef:310000202600001234',
    ruleId: 'LNK-01-WORK-PERMIT-ENDED',
    ruleVersion: 1,
    outcome: 'case-resolved',
    explanation: {
      zh: '公安机关已于 2026-03-05 缩短工作类居留许可 SH2025R000123 的有效期。',
      en: 'Public security shortened work-type residence permit SH2025R000123 on 2026-03-05.',
    },
    inputEventIds: ['0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01', '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'],
    thresholds: [{ name: 'dueInWorkingDays', value: '10' }],
    case: {
      caseId: CASE_ID,
      kind: 'residence-review',
      ownerAgency: 'psb-310000',
      state: 'resolved',
      openedOn: '2026-02-27',
      dueDate: '2026-03-13',
      resolution: { outcome: 'residence-shortened', note: '居留许可有效期缩短至 2026-03-31。', resolvedBy: 'psb-310000:exit-entry-desk' },
    },
  }),
);

export const LINKAGE_FLAG_CHANGED_V1 = linkageEvent(
  'linkage.flag-changed',
  { en: 'Credit flag changed', zh: '信用标记变更' },
  {
    en: "A credit record flagged the person's chain (with its severity; a serious one opens a review of the permits), or a cleared record lifted the flag.",
    zh: '信用记录标记人员记录链（附严重程度；严重的开立许可证件复核案件），或记录移除后撤销标记。',
  },
  () => ({
    decisionKey: 'LNK-07-CREDIT:sub_0123456789abcdef0123456789abcdef:CR-310000-2026-000045',
    ruleId: 'LNK-07-CREDIT',
    ruleVersion: 1,
    outcome: 'flag-raised',
    explanation: {
      zh: '信用记录 CR-310000-2026-000045（illegal-employment，严重）于 2026-02-26 记录；请复核其许可证件。',
      en: 'Credit record CR-310000-2026-000045 (illegal-employment, serious) recorded on 2026-02-26; the permits are to be reviewed.',
    },
    inputEventIds: ['0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01'],
    thresholds: [
      { name: 'kind', value: 'illegal-employment' },
      { name: 'severity', value: 'serious' },
      { name: 'severitySource', value: 'event' },
    ],
    case: {
      caseId: CASE_ID,
      kind: 'permit-review',
      ownerAgency: 'bureau-310000',
      state: 'open',
      openedOn: '2026-02-26',
      dueDate: '2026-03-12',
    },
  }),
);

export const LINKAGE_TALENT_STATUS_CHANGED_V1 = linkageEvent(
  'linkage.talent-status-changed',
  { en: 'High-level talent status changed', zh: '高端人才身份变更' },
  {
    en: 'A class A work permit or a valid talent card marks the person for the simplified procedures (R visa, residence) at foreign affairs and public security; a suspended card or a revoked permit ends that.',
    zh: 'A 类工作许可或有效的人才服务卡使其在外交、公安机关适用简化办理程序（R 字签证、居留）；人才卡暂停或许可撤销即终止。',
  },
  () => ({
    decisionKey: 'LNK-06-HIGH-LEVEL-TALENT:sub_0123456789abcdef0123456789abcdef',
    ruleId: 'LNK-06-HIGH-LEVEL-TALENT',
    ruleVersion: 1,
    outcome: 'simplified-procedures',
    explanation: {
      zh: '持 A 类工作许可 310000202600001234 和有效的人才服务卡：适用 R 字签证和居留简化办理程序。',
      en: 'Holds class A work permit 310000202600001234 and a valid talent card: the simplified procedures for the R visa and residence apply.',
    },
    inputEventIds: ['0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01'],
    thresholds: [{ name: 'permitClass', value: 'A' }],
    notify: ['mfa', 'psb-310000'],
  }),
);

/** The linkage service's conclusions, all on hub.linkage.events. */
export const LINKAGE_EVENTS = [
  LINKAGE_REVIEW_REQUIRED_V1,
  LINKAGE_INCONSISTENCY_DETECTED_V1,
  LINKAGE_DEADLINE_OVERDUE_V1,
  LINKAGE_ELIGIBILITY_DETERMINED_V1,
  LINKAGE_CASE_RESOLVED_V1,
  LINKAGE_FLAG_CHANGED_V1,
  LINKAGE_TALENT_STATUS_CHANGED_V1,
] as const;
