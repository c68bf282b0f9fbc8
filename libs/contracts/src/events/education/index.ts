import type { EventContract } from '../event-contract.js';
import { EDUCATION_DEGREE_CONFERRED_V1 } from './education-degree-conferred.v1.js';

/** Education events, published by the education authority. */
export const EDUCATION_EVENTS: readonly EventContract[] = [EDUCATION_DEGREE_CONFERRED_V1];
