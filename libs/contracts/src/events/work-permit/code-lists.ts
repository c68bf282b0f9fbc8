import type { CodeList } from '../../code-lists/code-list.js';

/**
 * Code lists used only by the work-permit contracts. Names carry the `work-permit-` prefix so they
 * cannot collide with another domain's list (a residence permit has cancellation reasons too).
 */

/** How a bureau accepted a work-permit application (the reforms of notice 外专发〔2017〕167号). */
export const ACCEPTANCE_MODES: CodeList = {
  name: 'work-permit-acceptance-mode',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'complete', zh: '材料齐全受理', en: 'Accepted with all required documents supplied' },
    {
      code: 'missing-documents',
      zh: '容缺受理（非关键材料缺失，限期补正）',
      en: 'Accepted with missing documents (non-key documents to be supplied by a due date)',
    },
    {
      code: 'commitment',
      zh: '告知承诺受理（以书面承诺代替部分材料，事后核查）',
      en: 'Accepted on notification and commitment (a signed commitment replaces documents, verified later)',
    },
  ],
};

/** What a change to a work permit altered. */
export const PERMIT_CHANGE_KINDS: CodeList = {
  name: 'work-permit-change-kind',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'employer', zh: '用人单位变更（转至另一单位工作）', en: 'Employer changed (the holder now works for another organisation)' },
    {
      code: 'employer-name',
      zh: '用人单位名称变更（同一单位，统一社会信用代码不变）',
      en: "Employer's registered name changed (same organisation, same unified social credit code)",
    },
    { code: 'position', zh: '工作岗位（职务）变更', en: 'Position or job title changed' },
    { code: 'permit-class', zh: '许可类别变更（如 B 类调整为 A 类）', en: 'Permit class changed (e.g. from B to A)' },
    {
      code: 'passport',
      zh: '持证人护照换发（护照号码变更）',
      en: "Holder's passport replaced (new passport number)",
    },
  ],
};

/** Why a work permit was cancelled (注销): the permit ends without any fault of the holder. */
export const CANCELLATION_REASONS: CodeList = {
  name: 'work-permit-cancellation-reason',
  version: 1,
  source: 'hub',
  entries: [
    {
      code: 'employment-ended',
      zh: '劳动合同（聘用合同）终止或解除',
      en: 'Employment ended (contract expired or terminated)',
    },
    { code: 'holder-left-china', zh: '持证人离境且不再来华工作', en: 'Holder left China and will not return to work' },
    { code: 'employer-request', zh: '用人单位申请注销', en: 'Cancelled at the request of the employer' },
    {
      code: 'employer-dissolved',
      zh: '用人单位注销、被吊销营业执照或依法终止',
      en: 'Employer dissolved, deregistered or lost its business licence',
    },
    { code: 'death', zh: '持证人死亡', en: 'Death of the holder' },
    { code: 'other', zh: '其他原因（见备注）', en: 'Other reason (see remarks)' },
  ],
};

/**
 * Why a work permit was revoked (撤销): the bureau withdrew it for a fault. The first three codes
 * are those of the credit supervision's violation-kind list, so the two can be joined.
 */
export const REVOCATION_REASONS: CodeList = {
  name: 'work-permit-revocation-reason',
  version: 1,
  source: 'hub',
  entries: [
    {
      code: 'false-materials',
      zh: '以提供虚假材料等不正当手段取得许可',
      en: 'Permit obtained with false materials or by other improper means',
    },
    {
      code: 'illegal-employment',
      zh: '非法就业（超出许可的单位、岗位或地域工作）',
      en: 'Illegal employment (working outside the permitted employer, position or region)',
    },
    {
      code: 'breached-commitment',
      zh: '违反告知承诺（承诺内容核查不实）',
      en: 'Breached commitment (a notify-and-commit commitment proved untrue)',
    },
    { code: 'criminal-offence', zh: '持证人违法犯罪', en: 'Criminal offence by the holder' },
    { code: 'other', zh: '其他原因（见备注）', en: 'Other reason (see remarks)' },
  ],
};
