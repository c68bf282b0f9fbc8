import type { CodeList } from '../../code-lists/code-list.js';

/** What a linkage rule concluded (the outcome of a decision). */
export const LINKAGE_OUTCOMES: CodeList = {
  name: 'linkage-outcome',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'review-required', zh: '需复核', en: 'Review required: the owning agency is to act' },
    { code: 'inconsistency-detected', zh: '发现不一致', en: "Inconsistency detected between agencies' records" },
    { code: 'deadline-overdue', zh: '逾期未办', en: 'Deadline overdue' },
    { code: 'item-fulfilled', zh: '事项已按期办结', en: 'Item fulfilled in time' },
    { code: 'item-fulfilled-late', zh: '事项逾期后办结', en: 'Item fulfilled after its deadline' },
    { code: 'eligibility-determined', zh: '符合条件', en: 'Eligibility determined: every condition met' },
    { code: 'not-eligible', zh: '不符合条件', en: 'Not eligible: a condition is not met' },
    { code: 'flag-raised', zh: '标记信用记录', en: 'Credit flag raised on the chain' },
    { code: 'flag-lifted', zh: '撤销信用标记', en: 'Credit flag lifted' },
    { code: 'case-resolved', zh: '案件已办结', en: 'Case resolved' },
    { code: 'verified', zh: '核验通过', en: 'Verified' },
    { code: 'simplified-procedures', zh: '适用简化办理程序', en: 'Simplified procedures apply (high-level talent)' },
    { code: 'cannot-decide', zh: '无法判定（缺少数据）', en: 'Cannot decide: data or reference data missing' },
    { code: 'commitment-breached', zh: '承诺经核查不实', en: 'Commitment found untrue on verification' },
  ],
};

/** The kinds of case the linkage rules open, each for the agency that owns the next step. */
export const LINKAGE_CASE_KINDS: CodeList = {
  name: 'linkage-case-kind',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'residence-review', zh: '复核工作类居留许可', en: 'Review the work-type residence permit' },
    { code: 'residence-inconsistency', zh: '居留许可有效期超出工作许可', en: 'Residence permit valid beyond its work permit' },
    { code: 'commitment-overdue', zh: '告知承诺材料逾期未核查', en: 'Notify-and-commit commitment overdue' },
    { code: 'revocation-review', zh: '复核撤销工作许可', en: 'Review revoking the work permit' },
    { code: 'missing-document-overdue', zh: '容缺材料逾期未补正', en: 'Missing document overdue' },
    { code: 'graduate-degree-check', zh: '向教育主管部门核实学位', en: 'Check the degree with the education authority' },
    { code: 'reference-data-missing', zh: '缺少参考数据（平均工资）', en: 'Reference data missing (average wage)' },
    { code: 'stay-report-missing', zh: '缺少年度在华居留天数记录', en: 'Annual days-in-China report missing' },
    { code: 'permit-review', zh: '因严重违法违规复核许可证件', en: 'Review the permits after a serious violation' },
    { code: 'severity-missing', zh: '信用记录缺少严重程度', en: 'Severity of a credit record missing' },
    { code: 'family-residence-review', zh: '复核随行家属居留许可', en: "Review family members' residence permits" },
  ],
};

/** How a linkage case ended: an agency's action, or the linkage service seeing the matter settled by a later fact. */
export const LINKAGE_CASE_RESOLUTIONS: CodeList = {
  name: 'linkage-case-resolution',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'residence-shortened', zh: '已缩短居留许可有效期', en: 'Residence permit shortened' },
    { code: 'residence-cancelled', zh: '已注销居留许可', en: 'Residence permit cancelled' },
    { code: 'kept-with-reason', zh: '保留（说明理由）', en: 'Kept, with the reason stated in the note' },
    { code: 'documents-verified', zh: '材料已核验', en: 'Documents verified' },
    { code: 'commitment-breached', zh: '认定违反承诺', en: 'Commitment breach confirmed' },
    { code: 'no-action-needed', zh: '无需处理', en: 'No action needed' },
    { code: 'checked-with-education', zh: '已向教育主管部门核实', en: 'Checked with the education authority' },
    { code: 'permit-revoked', zh: '已撤销工作许可', en: 'Work permit revoked' },
    { code: 'item-fulfilled', zh: '事项已按期办结（系统确认）', en: 'Item fulfilled in time (seen by the linkage service)' },
    { code: 'item-fulfilled-late', zh: '事项逾期后办结（系统确认）', en: 'Item fulfilled late (seen by the linkage service)' },
    { code: 'verified', zh: '已核验（系统确认）', en: 'Verified (seen by the linkage service)' },
    { code: 'case-resolved', zh: '已由后续事实办结（系统确认）', en: 'Settled by a later fact (seen by the linkage service)' },
    { code: 'flag-lifted', zh: '信用标记已撤销（系统确认）', en: 'Credit flag lifted (seen by the linkage service)' },
    { code: 'eligibility-determined', zh: '已判定符合条件（系统确认）', en: 'Eligibility determined (seen by the linkage service)' },
    { code: 'not-eligible', zh: '已判定不符合条件（系统确认）', en: 'Found not eligible (seen by the linkage service)' },
    { code: 'no-longer-applies', zh: '规则不再适用（系统确认）', en: 'The rule no longer applies (seen by the linkage service)' },
  ],
};
