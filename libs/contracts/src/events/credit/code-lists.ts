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
