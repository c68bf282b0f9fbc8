import { WORK_PERMIT_APPLICATION_ACCEPTED_V1 } from './work-permit-application-accepted.v1.js';
import { WORK_PERMIT_APPLICATION_SUBMITTED_V1 } from './work-permit-application-submitted.v1.js';
import { WORK_PERMIT_APPLICATION_SUBMITTED_V2 } from './work-permit-application-submitted.v2.js';
import { WORK_PERMIT_CANCELLED_V1 } from './work-permit-cancelled.v1.js';
import { WORK_PERMIT_CHANGED_V1 } from './work-permit-changed.v1.js';
import { WORK_PERMIT_COMMITMENT_VERIFIED_V1 } from './work-permit-commitment-verified.v1.js';
import { WORK_PERMIT_DOCUMENTS_SUPPLIED_V1 } from './work-permit-documents-supplied.v1.js';
import { WORK_PERMIT_EXPIRED_V1 } from './work-permit-expired.v1.js';
import { WORK_PERMIT_EXTENDED_V1 } from './work-permit-extended.v1.js';
import { WORK_PERMIT_ISSUED_V1 } from './work-permit-issued.v1.js';
import { WORK_PERMIT_ISSUED_V2 } from './work-permit-issued.v2.js';
import { WORK_PERMIT_NOTICE_ISSUED_V1 } from './work-permit-notice-issued.v1.js';
import { WORK_PERMIT_REVOKED_V1 } from './work-permit-revoked.v1.js';

/** Work-permit events, published by the provincial foreign-expert bureaus, in the order of the chain. */
export const WORK_PERMIT_EVENTS = [
  WORK_PERMIT_APPLICATION_SUBMITTED_V1,
  WORK_PERMIT_APPLICATION_SUBMITTED_V2,
  WORK_PERMIT_APPLICATION_ACCEPTED_V1,
  WORK_PERMIT_DOCUMENTS_SUPPLIED_V1,
  WORK_PERMIT_COMMITMENT_VERIFIED_V1,
  WORK_PERMIT_NOTICE_ISSUED_V1,
  WORK_PERMIT_ISSUED_V1,
  WORK_PERMIT_ISSUED_V2,
  WORK_PERMIT_EXTENDED_V1,
  WORK_PERMIT_CHANGED_V1,
  WORK_PERMIT_CANCELLED_V1,
  WORK_PERMIT_REVOKED_V1,
  WORK_PERMIT_EXPIRED_V1,
] as const;
