import { VISA_CANCELLED_V1 } from './visa-cancelled.v1.js';
import { VISA_ISSUED_V1 } from './visa-issued.v1.js';
import { VISA_REFUSED_V1 } from './visa-refused.v1.js';

export { VISA_CANCELLATION_REASONS, VISA_REFUSAL_REASONS } from './code-lists.js';
export { IssuingPost, ISSUING_POST_KINDS, type IssuingPostKind } from './issuing-post.js';
export { VisaCancelledV1, VISA_CANCELLED_V1 } from './visa-cancelled.v1.js';
export { VisaIssuedV1, VISA_ENTRIES, VISA_ISSUED_V1, type VisaEntries } from './visa-issued.v1.js';
export { VisaRefusedV1, VISA_REFUSED_V1 } from './visa-refused.v1.js';

/** Visa events, published by foreign affairs (visas issued abroad) and public security (port visas). */
export const VISA_EVENTS = [VISA_ISSUED_V1, VISA_REFUSED_V1, VISA_CANCELLED_V1] as const;
