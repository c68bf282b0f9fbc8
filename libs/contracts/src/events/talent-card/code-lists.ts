import type { CodeList } from '../../code-lists/code-list.js';

/** Tiers of the high-level foreign talent service card ("one-card" service, 高层次人才服务“一卡通”). */
export const TALENT_CARD_TIERS: CodeList = {
  name: 'talent-card-tier',
  version: 1,
  source: 'hub',
  entries: [
    {
      code: 'A',
      zh: 'A 卡：国家或省级认定的顶尖、领军外国人才',
      en: 'Card A: top and leading foreign talent recognised at national or provincial level',
    },
    {
      code: 'B',
      zh: 'B 卡：其他外国高端人才（持外国人工作许可 A 类）',
      en: "Card B: other high-end foreign talent (holding a class A Foreigner's Work Permit)",
    },
  ],
};

/** Services a talent card entitles its holder to, recognised by every agency. */
export const TALENT_CARD_SERVICES: CodeList = {
  name: 'talent-card-service',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'work-permit', zh: '工作许可绿色通道', en: 'Fast-track work-permit procedures' },
    { code: 'visa', zh: '人才签证便利（含配偶及未成年子女）', en: 'Talent visa facilitation (spouse and minor children included)' },
    { code: 'residence', zh: '居留许可及永久居留便利', en: 'Residence and permanent-residence facilitation' },
    { code: 'medical', zh: '医疗保健服务', en: 'Medical care services' },
    { code: 'children-education', zh: '子女入学', en: "Children's school enrolment" },
    { code: 'housing', zh: '人才住房', en: 'Talent housing' },
    { code: 'social-insurance', zh: '社会保险办理', en: 'Social insurance' },
    { code: 'banking', zh: '金融服务', en: 'Banking services' },
    { code: 'driving-licence', zh: '驾驶证办理', en: 'Driving licence' },
    { code: 'customs', zh: '通关便利', en: 'Customs and border clearance facilitation' },
  ],
};

/** Why a talent card was suspended. */
export const TALENT_CARD_SUSPENSION_REASONS: CodeList = {
  name: 'talent-card-suspension-reason',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'work-permit-ended', zh: '工作许可被注销、撤销或期满', en: 'Work permit cancelled, revoked or expired' },
    { code: 'employment-ended', zh: '与用人单位解除或终止劳动关系', en: 'Employment ended' },
    { code: 'credit-record', zh: '被记入失信记录', en: 'Credit violation or breached commitment recorded' },
    { code: 'under-investigation', zh: '涉嫌违法正在接受调查', en: 'Under investigation for a suspected offence' },
    { code: 'eligibility-review', zh: '人才资格复核中', en: 'Talent eligibility under review' },
    { code: 'card-lost', zh: '卡片挂失', en: 'Card reported lost or stolen' },
    { code: 'holder-request', zh: '持卡人申请', en: "At the holder's request" },
  ],
};
