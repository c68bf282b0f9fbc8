import type { CodeList } from '../../code-lists/code-list.js';

/**
 * Grounds on which a visa authority refuses a visa (Exit and Entry Administration Law of the PRC,
 * art. 21). The same article lets the authority refuse without giving reasons, so the reason is
 * optional in `visa.refused`.
 */
export const VISA_REFUSAL_REASONS: CodeList = {
  name: 'visa-refusal-reason',
  version: 1,
  source: 'Exit and Entry Administration Law of the PRC, art. 21',
  entries: [
    {
      code: 'prior-deportation',
      zh: '曾被驱逐出境或者被决定遣送出境，未满不准入境规定年限',
      en: 'Previously deported or repatriated, and the period of barred entry has not ended',
    },
    {
      code: 'public-health-risk',
      zh: '患有严重精神障碍、传染性肺结核病或者可能对公共卫生造成重大危害的其他传染病',
      en: 'Serious mental disorder, infectious tuberculosis or another infectious disease that may seriously endanger public health',
    },
    {
      code: 'security-or-public-order',
      zh: '可能危害中国国家安全和利益、破坏社会公共秩序或者从事其他违法犯罪活动',
      en: 'May endanger national security or interests, disrupt public order or engage in other illegal or criminal activities',
    },
    { code: 'fraudulent-application', zh: '在申请签证过程中弄虚作假', en: 'Fraud or false statements in the visa application' },
    {
      code: 'insufficient-means',
      zh: '不能保障在中国境内期间所需费用',
      en: 'Cannot guarantee the means to cover expenses during the stay in China',
    },
    {
      code: 'missing-documents',
      zh: '不能提交签证机关要求提交的相关材料',
      en: 'Did not submit the documents the visa authority required (e.g. the work-permit notice for a Z visa)',
    },
    {
      code: 'other',
      zh: '签证机关认为不宜签发签证的其他情形',
      en: 'Other circumstances in which the visa authority deems a visa inappropriate',
    },
  ],
};

/**
 * Why a visa was cancelled or declared invalid (Exit and Entry Administration Law of the PRC,
 * art. 67: declared invalid by the issuing authority, or cancelled by public security).
 */
export const VISA_CANCELLATION_REASONS: CodeList = {
  name: 'visa-cancellation-reason',
  version: 1,
  source: 'Exit and Entry Administration Law of the PRC, art. 67',
  entries: [
    { code: 'damaged', zh: '签证损毁', en: 'Visa damaged' },
    { code: 'lost-or-stolen', zh: '签证遗失、被盗抢', en: 'Visa lost, stolen or robbed' },
    { code: 'not-qualified', zh: '签发后发现持证人不符合签发条件', en: 'Found after issue not to meet the conditions for the visa' },
    { code: 'obtained-by-fraud', zh: '以欺骗手段取得', en: 'Obtained by fraud' },
    { code: 'forged-or-altered', zh: '伪造、变造', en: 'Forged or altered' },
    { code: 'used-by-another-person', zh: '被他人冒用', en: 'Used by another person' },
    { code: 'deported-or-repatriated', zh: '持证人被驱逐出境或者遣送出境', en: 'Holder deported or repatriated' },
    {
      code: 'work-permit-notice-withdrawn',
      zh: '签证所依据的外国人工作许可通知被撤回或者注销',
      en: 'The work-permit notice the visa relied on was withdrawn or cancelled',
    },
    {
      code: 'other',
      zh: '其他依法宣布作废或者注销的情形',
      en: 'Other grounds on which the law lets the visa be declared invalid or cancelled',
    },
  ],
};
