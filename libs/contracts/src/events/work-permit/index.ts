import type { EventContract } from '../event-contract.js';
import { WORK_PERMIT_ISSUED_V1 } from './work-permit-issued.v1.js';
import { WORK_PERMIT_ISSUED_V2 } from './work-permit-issued.v2.js';

/** Work-permit events, published by the provincial foreign-expert bureaus. */
export const WORK_PERMIT_EVENTS: readonly EventContract[] = [WORK_PERMIT_ISSUED_V1, WORK_PERMIT_ISSUED_V2];
