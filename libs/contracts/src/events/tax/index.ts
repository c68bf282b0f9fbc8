import type { EventContract } from '../event-contract.js';

/** Tax events, published by the tax authority. */
export const TAX_EVENTS: readonly EventContract[] = [];
