import type { CodeList } from '../../code-lists/code-list.js';

/**
 * Grounds on which a foreign national applies for permanent residence: the categories of the
 * Measures for the Administration of Examination and Approval of Foreigners' Permanent Residence in
 * China (2004) and the talent and market channels opened by later reforms.
 */
export const PERMANENT_RESIDENCE_BASES: CodeList = {
  name: 'permanent-residence-basis',
  version: 1,
  source: 'hub',
  entries: [
    {
      code: 'high-level-talent',
      zh: '高层次人才（经国家或者省级主管部门认定或者推荐）',
      en: 'High-level talent (recognised or recommended by a national or provincial authority)',
    },
    {
      code: 'investment',
      zh: '在中国直接投资，连续三年投资情况稳定且纳税记录良好',
      en: 'Direct investment in China, stable for three consecutive years, with a good tax record',
    },
    {
      code: 'employment',
      zh: '在中国担任副总经理、副教授等以上职务或者享受同等待遇，连续任职满四年且纳税记录良好',
      en: 'Employment in China as deputy general manager, associate professor or equivalent or above, for four consecutive years, with a good tax record',
    },
    {
      code: 'market-salary',
      zh: '市场化渠道：连续工作满四年、每年实际居住不少于六个月，工资性年收入和年缴纳个人所得税达到规定标准',
      en: 'Market channel: four consecutive years of work, at least six months a year in China, annual salary and individual income tax at the required thresholds',
    },
    {
      code: 'special-contribution',
      zh: '对中国有重大、突出贡献或者为国家特别需要',
      en: 'Major and outstanding contribution to China, or specially needed by the state',
    },
    {
      code: 'family-reunion-spouse',
      zh: '夫妻团聚：中国公民或者在华永久居留外国人的外籍配偶',
      en: 'Family reunion: foreign spouse of a Chinese citizen or of a foreigner with permanent residence',
    },
    {
      code: 'family-reunion-child',
      zh: '未满十八周岁的未婚子女投靠父母',
      en: 'Family reunion: unmarried child under 18 joining a parent',
    },
    {
      code: 'family-reunion-dependant',
      zh: '年满六十周岁、在境外无直系亲属，投靠在中国境内的直系亲属',
      en: 'Family reunion: person aged 60 or over, with no direct relatives abroad, joining a direct relative in China',
    },
    {
      code: 'foreign-chinese',
      zh: '外籍华人（具有博士研究生学历或者在国家重点发展区域连续工作满四年等）',
      en: 'Foreign national of Chinese origin (with a doctorate, or four consecutive years of work in a key development region, etc.)',
    },
  ],
};

/** Why an application for permanent residence was rejected. */
export const PERMANENT_RESIDENCE_REJECTION_REASONS: CodeList = {
  name: 'permanent-residence-rejection-reason',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'requirements-not-met', zh: '不符合所申请类别的条件', en: 'Does not meet the conditions of the category applied for' },
    { code: 'insufficient-residence', zh: '在中国实际居住时间不足', en: 'Has not lived in China long enough' },
    {
      code: 'income-or-tax-below-threshold',
      zh: '工资性收入或者缴纳个人所得税未达到规定标准',
      en: 'Salary or individual income tax paid below the required threshold',
    },
    { code: 'false-materials', zh: '提供虚假材料或者作虚假承诺', en: 'False materials or a false commitment' },
    { code: 'incomplete-materials', zh: '申请材料不全且逾期未补正', en: 'Materials incomplete and not supplied by the deadline' },
    { code: 'criminal-record', zh: '有犯罪记录', en: 'Criminal record' },
    { code: 'health', zh: '不符合健康条件', en: 'Does not meet the health requirements' },
    {
      code: 'security-or-public-order',
      zh: '可能危害中国国家安全和利益或者社会公共秩序',
      en: 'May endanger national security or interests, or public order',
    },
    { code: 'other', zh: '其他原因', en: 'Other reason' },
  ],
};

/** Why a foreign national's permanent-residence status was revoked. */
export const PERMANENT_RESIDENCE_REVOCATION_REASONS: CodeList = {
  name: 'permanent-residence-revocation-reason',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'national-security', zh: '危害中国国家安全和利益', en: 'Endangered national security or interests' },
    { code: 'deported', zh: '被处驱逐出境', en: 'Deported' },
    { code: 'obtained-by-fraud', zh: '以弄虚作假等欺骗手段取得永久居留资格', en: 'Status obtained by fraud or false materials' },
    { code: 'criminal-conviction', zh: '在中国境内犯罪被判处刑罚', en: 'Convicted of a crime in China' },
    { code: 'insufficient-residence', zh: '在中国居留时间不符合规定', en: 'Did not stay in China for the required time' },
    { code: 'other', zh: '其他依法取消永久居留资格的情形', en: 'Other grounds on which the law revokes permanent residence' },
  ],
};
