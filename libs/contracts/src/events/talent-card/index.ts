import { TALENT_CARD_ISSUED_V1 } from './talent-card-issued.v1.js';
import { TALENT_CARD_SUSPENDED_V1 } from './talent-card-suspended.v1.js';

/** Talent-card (one-card service) events. */
export const TALENT_CARD_EVENTS = [TALENT_CARD_ISSUED_V1, TALENT_CARD_SUSPENDED_V1] as const;
