import type { CodeList } from '@hub/contracts';

/**
 * How a person closed a case: the codes of code list `linkage-case-resolution` (version 1), which
 * `linkage.case-resolved` carries as `case.resolution.outcome`. `kept-with-reason` needs a note.
 */
export const CASE_RESOLUTIONS: CodeList = {
  name: 'linkage-case-resolution',
  version: 1,
  source: 'hub',
  entries: [
    { code: 'residence-shortened', zh: '缩短居留许可有效期', en: 'Residence permit shortened' },
    { code: 'residence-cancelled', zh: '注销居留许可', en: 'Residence permit cancelled' },
    { code: 'kept-with-reason', zh: '说明理由后维持', en: 'Kept, with the reason stated' },
    { code: 'documents-verified', zh: '材料已核验', en: 'Documents verified' },
    { code: 'commitment-breached', zh: '认定违反承诺', en: 'Commitment found breached' },
    { code: 'no-action-needed', zh: '无需处理', en: 'No action needed' },
    { code: 'checked-with-education', zh: '已与教育部门核实', en: 'Checked with the education authority' },
    { code: 'permit-revoked', zh: '撤销工作许可', en: 'Work permit revoked' },
  ],
};

/** The resolution whose note is required: keeping a permit against a review must say why. */
export const NOTE_REQUIRED_FOR = 'kept-with-reason';
