import type { CodeList } from './code-list.js';

/** Foreigner's Work Permit classes. */
export const PERMIT_CLASSES_LIST: CodeList = {
  name: 'permit-class',
  version: 1,
  source: "Foreigner's Work Permit classification",
  entries: [
    { code: 'A', zh: '外国高端人才（A类）', en: 'High-end talent (class A)' },
    { code: 'B', zh: '外国专业人才（B类）', en: 'Professional (class B)' },
    { code: 'C', zh: '其他外国人员（C类）', en: 'Other foreign personnel (class C)' },
  ],
};

/** Visa categories of the Exit and Entry Administration Law. */
export const VISA_CATEGORIES: CodeList = {
  name: 'visa-category',
  version: 1,
  source: 'Exit and Entry Administration Law of the PRC',
  entries: [
    { code: 'R', zh: '人才签证', en: 'Talent' },
    { code: 'Z', zh: '工作签证', en: 'Work' },
    { code: 'S1', zh: '私人事务签证（长期）', en: 'Private affairs, long stay (family of residents)' },
    { code: 'S2', zh: '私人事务签证（短期）', en: 'Private affairs, short stay (family visit)' },
    { code: 'M', zh: '商贸签证', en: 'Business' },
    { code: 'F', zh: '访问签证', en: 'Exchange and visit' },
    { code: 'L', zh: '旅游签证', en: 'Tourism' },
    { code: 'Q1', zh: '团聚签证（长期）', en: 'Family reunion, long stay' },
    { code: 'Q2', zh: '探亲签证（短期）', en: 'Family visit, short stay' },
    { code: 'X1', zh: '学习签证（长期）', en: 'Study, long stay' },
    { code: 'X2', zh: '学习签证（短期）', en: 'Study, short stay' },
    { code: 'J1', zh: '记者签证（常驻）', en: 'Journalist, resident' },
    { code: 'J2', zh: '记者签证（临时）', en: 'Journalist, temporary' },
    { code: 'C', zh: '乘务签证', en: 'Crew' },
    { code: 'D', zh: '定居签证', en: 'Permanent residence' },
    { code: 'G', zh: '过境签证', en: 'Transit' },
  ],
};

/** Degree levels. */
export const DEGREE_LEVELS: CodeList = {
  name: 'degree-level',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'bachelor', zh: '学士', en: "Bachelor's" },
    { code: 'master', zh: '硕士', en: "Master's" },
    { code: 'doctorate', zh: '博士', en: 'Doctorate' },
  ],
};

/** Kinds of violation recorded by credit supervision. */
export const VIOLATION_KINDS: CodeList = {
  name: 'violation-kind',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'illegal-employment', zh: '非法就业', en: 'Illegal employment' },
    { code: 'false-materials', zh: '提供虚假材料', en: 'False materials' },
    { code: 'breached-commitment', zh: '违反承诺', en: 'Breached commitment' },
    { code: 'overstay', zh: '非法居留', en: 'Overstay' },
    { code: 'illegal-entry', zh: '非法入境', en: 'Illegal entry' },
    { code: 'employer-violation', zh: '用人单位违规', en: 'Employer violation' },
  ],
};

/** Documents of a work-permit application (for missing documents and commitments). */
export const DOCUMENT_KINDS: CodeList = {
  name: 'document-kind',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'passport', zh: '护照', en: 'Passport' },
    { code: 'degree-certificate', zh: '学历学位证书', en: 'Degree certificate' },
    { code: 'work-experience', zh: '工作经历证明', en: 'Proof of work experience' },
    { code: 'criminal-record', zh: '无犯罪记录证明', en: 'Criminal record certificate' },
    { code: 'health-certificate', zh: '体检证明', en: 'Health certificate' },
    { code: 'employment-contract', zh: '劳动合同', en: 'Employment contract' },
    { code: 'business-licence', zh: '营业执照', en: 'Business licence' },
    { code: 'photo', zh: '照片', en: 'Photograph' },
  ],
};
