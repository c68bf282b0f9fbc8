import type { LinkageEventSigner } from './case-resolved-event.js';

/** What CasesApiModule needs from the app. */
export interface CasesApiOptions {
  /** Signs the `linkage.case-resolved` events a resolution queues (the linkage agency's key; see linkageEventSigner). */
  readonly signer: LinkageEventSigner;
}

/** Injection token of the CasesApiOptions. */
export const CASES_API_OPTIONS = Symbol('CASES_API_OPTIONS');
