import type { EventContract } from '../event-contract.js';

/** Visa events, published by foreign affairs (visas issued abroad) and public security (port visas). */
export const VISA_EVENTS: readonly EventContract[] = [];
