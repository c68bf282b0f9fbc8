import type { CodeList } from '../../code-lists/code-list.js';

/**
 * Purposes of residence, which are also the kinds of foreigner's residence permit: work, study,
 * journalist, family reunion and private affairs (Regulations of the PRC on the Administration of
 * the Entry and Exit of Foreigners, 2013).
 */
export const RESIDENCE_PURPOSES: CodeList = {
  name: 'residence-purpose',
  version: 1,
  source: 'Regulations of the PRC on the Administration of the Entry and Exit of Foreigners (2013)',
  entries: [
    { code: 'work', zh: '工作类', en: 'Work' },
    { code: 'study', zh: '学习类', en: 'Study' },
    { code: 'journalist', zh: '记者类', en: 'Resident journalist' },
    {
      code: 'family-reunion',
      zh: '团聚类（中国公民或者在华永久居留外国人的家庭成员）',
      en: 'Family reunion (family member of a Chinese citizen or of a foreigner with permanent residence)',
    },
    {
      code: 'private-affairs',
      zh: '私人事务类（含在华工作、学习等外国人的随行家属）',
      en: 'Private affairs (including accompanying family of a foreigner working or studying in China)',
    },
  ],
};

/**
 * What a family member is to the principal whose residence their own permit depends on, after the
 * family members that the Regulations on the Administration of the Entry and Exit of Foreigners name.
 * Read it as "the holder is the principal's …".
 */
export const FAMILY_RELATIONSHIPS: CodeList = {
  name: 'family-relationship',
  version: 1,
  source: 'Regulations of the PRC on the Administration of the Entry and Exit of Foreigners (2013)',
  entries: [
    { code: 'spouse', zh: '配偶', en: 'Spouse' },
    { code: 'child', zh: '子女', en: 'Child' },
    { code: 'child-in-law', zh: '子女的配偶', en: "Child's spouse" },
    { code: 'parent', zh: '父母', en: 'Parent' },
    { code: 'parent-in-law', zh: '配偶的父母', en: "Spouse's parent" },
    { code: 'sibling', zh: '兄弟姐妹', en: 'Sibling' },
    { code: 'grandparent', zh: '祖父母、外祖父母', en: 'Grandparent' },
    { code: 'grandchild', zh: '孙子女、外孙子女', en: 'Grandchild' },
  ],
};

/** Why a residence permit was cancelled or declared invalid. */
export const RESIDENCE_PERMIT_CANCELLATION_REASONS: CodeList = {
  name: 'residence-permit-cancellation-reason',
  version: 1,
  source: 'hub',
  entries: [
    {
      code: 'work-permit-ended',
      zh: '所依据的外国人工作许可证被注销、撤销或者期满',
      en: "The Foreigner's Work Permit the residence relied on was cancelled, revoked or expired",
    },
    {
      code: 'purpose-ended',
      zh: '居留事由已消失（如劳动合同解除、学业结束、婚姻关系解除）',
      en: 'The purpose of residence has ended (employment, studies or marriage ended)',
    },
    {
      code: 'principal-permit-ended',
      zh: '所随行或者投靠的主申请人居留证件被注销或者期满',
      en: 'The residence permit of the principal the holder accompanies was cancelled or expired',
    },
    { code: 'not-qualified', zh: '签发后发现持证人不符合签发条件', en: 'Found after issue not to meet the conditions for the permit' },
    { code: 'obtained-by-fraud', zh: '以欺骗手段取得', en: 'Obtained by fraud' },
    { code: 'lost-or-stolen', zh: '证件遗失、被盗抢', en: 'Permit lost, stolen or robbed' },
    { code: 'damaged', zh: '证件损毁', en: 'Permit damaged' },
    { code: 'deported-or-repatriated', zh: '持证人被驱逐出境或者遣送出境', en: 'Holder deported or repatriated' },
    { code: 'permanent-residence-granted', zh: '持证人取得在中国永久居留资格', en: 'Holder was granted permanent residence in China' },
    { code: 'naturalised', zh: '持证人加入或者恢复中国国籍', en: 'Holder acquired or regained Chinese nationality' },
    { code: 'holder-request', zh: '持证人申请注销（如已永久离境）', en: "At the holder's request (e.g. leaving China for good)" },
    { code: 'deceased', zh: '持证人死亡', en: 'Holder deceased' },
    { code: 'other', zh: '其他原因', en: 'Other reason' },
  ],
};

/** Why public security shortened the validity of a residence permit. */
export const RESIDENCE_PERMIT_SHORTENING_REASONS: CodeList = {
  name: 'residence-permit-shortening-reason',
  version: 1,
  source: 'hub',
  entries: [
    {
      code: 'work-permit-shortened',
      zh: '所依据的外国人工作许可证有效期缩短，居留期限不得超过工作许可期限',
      en: "The Foreigner's Work Permit was shortened, and residence may not outlast it",
    },
    { code: 'employment-ended-early', zh: '劳动合同或者聘用提前终止', en: 'The employment ended early' },
    { code: 'studies-ended-early', zh: '学业提前结束', en: 'The studies ended early' },
    {
      code: 'principal-permit-shortened',
      zh: '所随行或者投靠的主申请人居留期限缩短',
      en: 'The residence permit of the principal the holder accompanies was shortened',
    },
    { code: 'passport-expiry', zh: '护照有效期早于居留期限届满', en: 'The passport expires before the permit would' },
    { code: 'purpose-no-longer-met', zh: '不再符合原居留事由', en: 'The holder no longer meets the purpose of residence' },
    { code: 'violation', zh: '持证人有违法违规行为', en: 'The holder broke the law or regulations' },
    { code: 'other', zh: '其他原因', en: 'Other reason' },
  ],
};
