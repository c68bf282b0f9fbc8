import { RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1 } from './residence-permit-annual-stay-reported.v1.js';
import { RESIDENCE_PERMIT_CANCELLED_V1 } from './residence-permit-cancelled.v1.js';
import { RESIDENCE_PERMIT_FAMILY_MEMBER_LINKED_V1 } from './residence-permit-family-member-linked.v1.js';
import { RESIDENCE_PERMIT_ISSUED_V1 } from './residence-permit-issued.v1.js';
import { RESIDENCE_PERMIT_RENEWED_V1 } from './residence-permit-renewed.v1.js';
import { RESIDENCE_PERMIT_SHORTENED_V1 } from './residence-permit-shortened.v1.js';

export {
  FAMILY_RELATIONSHIPS,
  RESIDENCE_PERMIT_CANCELLATION_REASONS,
  RESIDENCE_PERMIT_SHORTENING_REASONS,
  RESIDENCE_PURPOSES,
} from './code-lists.js';
export { Principal } from './principal.js';
export {
  ResidencePermitAnnualStayReportedV1,
  RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1,
} from './residence-permit-annual-stay-reported.v1.js';
export { ResidencePermitCancelledV1, RESIDENCE_PERMIT_CANCELLED_V1 } from './residence-permit-cancelled.v1.js';
export {
  ResidencePermitFamilyMemberLinkedV1,
  RESIDENCE_PERMIT_FAMILY_MEMBER_LINKED_V1,
} from './residence-permit-family-member-linked.v1.js';
export { ResidencePermitIssuedV1, RESIDENCE_PERMIT_ISSUED_V1 } from './residence-permit-issued.v1.js';
export { ResidencePermitRenewedV1, RESIDENCE_PERMIT_RENEWED_V1 } from './residence-permit-renewed.v1.js';
export { ResidencePermitShortenedV1, RESIDENCE_PERMIT_SHORTENED_V1 } from './residence-permit-shortened.v1.js';

/** Residence-permit events, published by public security exit-entry administrations. */
export const RESIDENCE_EVENTS = [
  RESIDENCE_PERMIT_ISSUED_V1,
  RESIDENCE_PERMIT_RENEWED_V1,
  RESIDENCE_PERMIT_SHORTENED_V1,
  RESIDENCE_PERMIT_CANCELLED_V1,
  RESIDENCE_PERMIT_FAMILY_MEMBER_LINKED_V1,
  RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1,
] as const;
