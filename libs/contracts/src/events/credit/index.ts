import type { EventContract } from '../event-contract.js';

/** Credit-supervision events. */
export const CREDIT_EVENTS: readonly EventContract[] = [];
