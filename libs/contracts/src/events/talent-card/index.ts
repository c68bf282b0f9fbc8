import type { EventContract } from '../event-contract.js';

/** Talent-card (one-card service) events. */
export const TALENT_CARD_EVENTS: readonly EventContract[] = [];
