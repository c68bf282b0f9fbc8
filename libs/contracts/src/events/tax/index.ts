import type { EventContract } from '../event-contract.js';
import { TAX_ANNUAL_INCOME_REPORTED_V1 } from './tax-annual-income-reported.v1.js';

/** Tax events, published by the tax authority. */
export const TAX_EVENTS: readonly EventContract[] = [TAX_ANNUAL_INCOME_REPORTED_V1];
