import type { CodeList } from '../../code-lists/code-list.js';

/** Why a credit record (a violation or a breached commitment) stopped being shared. */
export const CREDIT_CLEARANCE_REASONS: CodeList = {
  name: 'credit-clearance-reason',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'credit-repaired', zh: '信用修复', en: 'Credit repaired (obligations fulfilled and repair approved)' },
    { code: 'publication-period-ended', zh: '公示期届满', en: 'Publication period ended' },
    { code: 'decision-overturned', zh: '原处理决定被撤销或变更', en: 'Decision overturned on administrative review or by a court' },
    { code: 'recorded-in-error', zh: '记录有误予以更正', en: 'Recorded in error and corrected' },
    { code: 'commitment-fulfilled', zh: '承诺事项已补正履行', en: 'Commitment fulfilled late (document supplied and verified)' },
  ],
};

/** How grave a recorded violation is; a serious or grave one leads the agencies to review the person's permits. */
export const VIOLATION_SEVERITIES: CodeList = {
  name: 'violation-severity',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'minor', zh: '一般（警告或较小数额罚款）', en: 'Minor (warning or a small fine)' },
    { code: 'serious', zh: '严重（影响许可证件的违法违规）', en: 'Serious (bears on the permits held)' },
    { code: 'grave', zh: '特别严重（如拘留、遣送出境或刑事责任）', en: 'Grave (e.g. detention, deportation or criminal liability)' },
  ],
};
