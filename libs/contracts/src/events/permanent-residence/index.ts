import { PERMANENT_RESIDENCE_APPLICATION_SUBMITTED_V1 } from './permanent-residence-application-submitted.v1.js';
import { PERMANENT_RESIDENCE_APPROVED_V1 } from './permanent-residence-approved.v1.js';
import { PERMANENT_RESIDENCE_REJECTED_V1 } from './permanent-residence-rejected.v1.js';
import { PERMANENT_RESIDENCE_REVOKED_V1 } from './permanent-residence-revoked.v1.js';

export { LEGACY_PERMANENT_RESIDENCE_CARD_NO, PERMANENT_RESIDENCE_CARD_NO } from './card-no.js';
export { PERMANENT_RESIDENCE_BASES, PERMANENT_RESIDENCE_REJECTION_REASONS, PERMANENT_RESIDENCE_REVOCATION_REASONS } from './code-lists.js';
export {
  PermanentResidenceApplicationSubmittedV1,
  PERMANENT_RESIDENCE_APPLICATION_SUBMITTED_V1,
} from './permanent-residence-application-submitted.v1.js';
export { PermanentResidenceApprovedV1, PERMANENT_RESIDENCE_APPROVED_V1 } from './permanent-residence-approved.v1.js';
export { PermanentResidenceRejectedV1, PERMANENT_RESIDENCE_REJECTED_V1 } from './permanent-residence-rejected.v1.js';
export { PermanentResidenceRevokedV1, PERMANENT_RESIDENCE_REVOKED_V1 } from './permanent-residence-revoked.v1.js';

/** Permanent-residence events, published by public security. */
export const PERMANENT_RESIDENCE_EVENTS = [
  PERMANENT_RESIDENCE_APPLICATION_SUBMITTED_V1,
  PERMANENT_RESIDENCE_APPROVED_V1,
  PERMANENT_RESIDENCE_REJECTED_V1,
  PERMANENT_RESIDENCE_REVOKED_V1,
] as const;
