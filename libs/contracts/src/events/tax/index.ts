import { TAX_ANNUAL_INCOME_REPORTED_V1 } from './tax-annual-income-reported.v1.js';

/** Tax events, published by the tax authority. */
export const TAX_EVENTS = [TAX_ANNUAL_INCOME_REPORTED_V1] as const;
