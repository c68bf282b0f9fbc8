import { CREDIT_COMMITMENT_BREACHED_V1 } from './credit-commitment-breached.v1.js';
import { CREDIT_RECORD_CLEARED_V1 } from './credit-record-cleared.v1.js';
import { CREDIT_VIOLATION_RECORDED_V1 } from './credit-violation-recorded.v1.js';
import { CREDIT_VIOLATION_RECORDED_V2 } from './credit-violation-recorded.v2.js';

/** Credit-supervision events. */
export const CREDIT_EVENTS = [
  CREDIT_VIOLATION_RECORDED_V1,
  CREDIT_VIOLATION_RECORDED_V2,
  CREDIT_COMMITMENT_BREACHED_V1,
  CREDIT_RECORD_CLEARED_V1,
] as const;
