import { EDUCATION_DEGREE_CONFERRED_V1 } from './education-degree-conferred.v1.js';

/** Education events, published by the education authority. */
export const EDUCATION_EVENTS = [EDUCATION_DEGREE_CONFERRED_V1] as const;
