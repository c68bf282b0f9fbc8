import type { Labels } from '../calendar/working-calendar.types.js';

/** One rule as a policy officer reads it: what it is, the clause it implements, and its numbers. */
export interface RuleDefinition {
  readonly id: string;
  readonly version: number;
  readonly label: Labels;
  /** The clause of 《关于...外国人来华工作许可、签证、居留...的通知》 and other sources it carries out. */
  readonly basis: Labels;
  /** Working days the owning agency has to act on a case the rule opens. */
  readonly dueInWorkingDays: number;
  /** Further thresholds of the rule (named, so a decision can cite them). */
  readonly [threshold: string]: unknown;
}

/** Severity per violation kind (code list violation-kind v1), used until credit events carry their own. */
const SEVERITY_BY_KIND: Readonly<Record<string, 'serious' | 'minor'>> = {
  'illegal-employment': 'serious',
  'false-materials': 'serious',
  'breached-commitment': 'serious',
  'illegal-entry': 'serious',
  overstay: 'serious',
  'employer-violation': 'minor',
};

/**
 * The linkage rules, versioned as data. Change a number here and bump the rule's version: every
 * decision names the rule id and version it was made under, so old decisions stay explainable.
 */
export const RULE_BOOK = {
  version: '2026.1',
  workPermitEndedResidenceReview: {
    id: 'LNK-01-WORK-PERMIT-ENDED',
    version: 1,
    label: {
      en: 'Work permit ended or changed employer: review the work-type residence permit',
      zh: '工作许可终止或变更单位：复核工作类居留许可',
    },
    basis: {
      en: 'Notice section 二(三) (linking work permits, visas, residence and permanent residence); Exit and Entry Administration Law art. 30 and 32',
      zh: '通知第二条第（三）项（工作许可、签证、居留和永久居留有机衔接）；《出境入境管理法》第三十条、第三十二条',
    },
    dueInWorkingDays: 10,
  },
  residenceBeyondWorkPermit: {
    id: 'LNK-01B-RESIDENCE-BEYOND-WORK-PERMIT',
    version: 1,
    label: { en: 'Work-type residence permit valid beyond its work permit', zh: '工作类居留许可有效期超出工作许可' },
    basis: { en: 'Notice section 二(三); residence follows work', zh: '通知第二条第（三）项；居留随工作' },
    dueInWorkingDays: 10,
  },
  commitmentDeadline: {
    id: 'LNK-02-NOTIFY-COMMIT',
    /** v2: the bureau's verification closes the item (fulfilled as if supplied; untrue settles it as a breach). */
    version: 2,
    label: { en: 'Notify and commit: promised documents due', zh: '告知承诺：承诺材料到期核查' },
    basis: { en: 'Notice section 二(一) (告知承诺制); 外专发〔2017〕167号', zh: '通知第二条第（一）项（告知承诺制）；外专发〔2017〕167号' },
    dueInWorkingDays: 5,
  },
  commitmentBreachRevocation: {
    id: 'LNK-02B-COMMITMENT-BREACHED',
    /** v2: a commitment the bureau found untrue decides commitment-breached and tells credit supervision. */
    version: 2,
    label: { en: 'Commitment breached: review revocation of the work permit', zh: '违反承诺：复核撤销工作许可' },
    basis: { en: 'Notice section 二(一); 事中事后监管', zh: '通知第二条第（一）项；事中事后监管' },
    dueInWorkingDays: 10,
  },
  missingDocuments: {
    id: 'LNK-03-MISSING-DOCUMENTS',
    version: 1,
    label: { en: 'Accepted with missing documents: each document due', zh: '容缺受理：逐项补正材料到期' },
    basis: { en: 'Notice section 二(一) (容缺受理)', zh: '通知第二条第（一）项（容缺受理）' },
    dueInWorkingDays: 5,
  },
  graduatePath: {
    id: 'LNK-04-GRADUATE',
    version: 1,
    label: { en: "Foreign graduate: master's degree or above from a Chinese university", zh: '外国毕业生：中国高校硕士及以上学位' },
    basis: {
      en: "Notice section 二(四) (foreign graduates of Chinese universities with a master's degree or above may work in China directly)",
      zh: '通知第二条第（四）项（在中国高校获得硕士及以上学位的外国留学生可直接在华工作）',
    },
    dueInWorkingDays: 5,
    /** Months between conferral and application that the graduate path allows. */
    windowMonths: 12,
    qualifyingLevels: ['master', 'doctorate'],
  },
  founderPath: {
    id: 'LNK-04-FOUNDER',
    version: 1,
    label: {
      en: 'Foreign graduate founding a company: Chinese diploma and registration papers',
      zh: '外国留学生在华创业：国内高校毕业证书和企业注册证明',
    },
    basis: {
      en: "Notice section 二(四) (foreign students who register a company may apply with their Chinese university's diploma and the company's registration papers)",
      zh: '通知第二条第（四）项（注册企业的外国留学生，凭国内高校毕业证书和企业注册证明等材料申请）',
    },
    dueInWorkingDays: 5,
    /** Any degree of a Chinese university; the notice sets no level and no window for founders, only that the diploma precedes the application. */
    qualifyingLevels: ['bachelor', 'master', 'doctorate'],
    /** The registration papers: document kind of code list document-kind. */
    registrationDocument: 'business-licence',
  },
  salaryTaxPermanentResidence: {
    id: 'LNK-05-PR-SALARY-TAX',
    /** v2: each year also needs minDaysInChinaPerYear days in China (residence-permit.annual-stay-reported). */
    version: 2,
    label: { en: 'Permanent residence linked to salary and tax', zh: '工资性收入和缴税挂钩的永久居留' },
    basis: {
      en: 'Notice section 二(三); Ministry of Public Security measures supporting innovation (salary ≥ 6 × the local average wage of the previous year, income tax ≥ 20 % of salary, 4 consecutive years); actual residence in China in each year of the window (183 days, about six months, by default; days from exit-entry records)',
      zh: '通知第二条第（三）项；公安部支持创新驱动发展的出入境政策措施（连续4年工资性年收入不低于上一年度当地平均工资6倍、年缴纳个人所得税不低于工资性年收入20%）；窗口内每年在中国实际居住（默认不少于183日，约六个月；天数依据出入境记录）',
    },
    dueInWorkingDays: 10,
    consecutiveYears: 4,
    salaryMultiple: 6,
    minTaxPercent: 20,
    /** Days in China each year of the window must reach (exit-entry records). */
    minDaysInChinaPerYear: 183,
  },
  creditSupervision: {
    id: 'LNK-07-CREDIT',
    /** v2: severity grave (code list violation-severity) opens the review as serious does. v3: a breached commitment only flags (rule 2 reviews its permit). */
    version: 3,
    label: { en: 'Credit supervision: violations flag the chain', zh: '信用监管：违法违规标记人员链' },
    basis: { en: 'Notice section 三 (事中事后监管, 社会信用体系)', zh: '通知第三条（事中事后监管、社会信用体系）' },
    dueInWorkingDays: 10,
    /**
     * Severity per violation kind (code list violation-kind v1) until credit events carry their own
     * severity: a serious violation opens a review of the person's permits.
     */
    severityByKind: SEVERITY_BY_KIND,
    /** Severities that open a review of the person's permits. */
    reviewSeverities: ['serious', 'grave'],
  },
  highLevelTalent: {
    id: 'LNK-06-HIGH-LEVEL-TALENT',
    version: 1,
    label: { en: 'High-level talent: simplified procedures', zh: '外国高端人才：简化办理程序' },
    basis: {
      en: 'Notice sections 二(一) and 二(二) (class A talent, R visa, talent service card "one-card")',
      zh: '通知第二条第（一）项、第（二）项（A类人才、R字签证、人才服务卡“一卡通”）',
    },
    dueInWorkingDays: 0,
  },
  familyCascade: {
    id: 'LNK-08-FAMILY',
    version: 1,
    label: { en: "Principal's permit ended: review family members' residence", zh: '主申请人证件终止：复核家属居留' },
    basis: { en: 'Notice section 二(三); dependants follow the principal', zh: '通知第二条第（三）项；随行家属随主申请人' },
    dueInWorkingDays: 10,
  },
} as const satisfies Record<string, RuleDefinition | string>;

export type RuleBook = typeof RULE_BOOK;
