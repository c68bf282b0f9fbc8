import { LINKAGE_CASE_RESOLUTIONS, type CodeList } from '@hub/contracts';

/** The outcomes a person may give; the others of the code list are the linkage service's own. */
const PEOPLE_CHOOSE = [
  'residence-shortened',
  'residence-cancelled',
  'kept-with-reason',
  'documents-verified',
  'commitment-breached',
  'no-action-needed',
  'checked-with-education',
  'permit-revoked',
];

/**
 * How a person closed a case: the codes of code list `linkage-case-resolution` a person may choose,
 * which `linkage.case-resolved` carries as `case.resolution.outcome`. `kept-with-reason` needs a note.
 */
export const CASE_RESOLUTIONS: CodeList = {
  ...LINKAGE_CASE_RESOLUTIONS,
  entries: LINKAGE_CASE_RESOLUTIONS.entries.filter((entry) => PEOPLE_CHOOSE.includes(entry.code)),
};

/** The resolution whose note is required: keeping a permit against a review must say why. */
export const NOTE_REQUIRED_FOR = 'kept-with-reason';
