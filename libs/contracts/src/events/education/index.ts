import type { EventContract } from '../event-contract.js';

/** Education events, published by the education authority. */
export const EDUCATION_EVENTS: readonly EventContract[] = [];
