/** What CardLookupModule may take from the app. */
export interface CardLookupOptions {
  /** Today in Asia/Shanghai as YYYY-MM-DD (default: the wall clock); tests pin it. */
  readonly today?: () => string;
}

/** Injection token of the CardLookupOptions. */
export const CARD_LOOKUP_OPTIONS = Symbol('CARD_LOOKUP_OPTIONS');
