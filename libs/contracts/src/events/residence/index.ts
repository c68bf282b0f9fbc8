import type { EventContract } from '../event-contract.js';

/** Residence-permit events, published by public security exit-entry administrations. */
export const RESIDENCE_EVENTS: readonly EventContract[] = [];
