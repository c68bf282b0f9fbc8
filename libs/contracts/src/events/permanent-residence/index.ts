import type { EventContract } from '../event-contract.js';

/** Permanent-residence events, published by public security. */
export const PERMANENT_RESIDENCE_EVENTS: readonly EventContract[] = [];
