import type { LinkageApiKey } from './linkage-api-keys.js';

/** What LinkageApiAccessModule needs from the app. */
export interface LinkageApiAccessOptions {
  /** LINKAGE_API_KEYS as configured (`<agency id or *>:<name>:<key>,…`), or already parsed. */
  readonly apiKeys: string | readonly LinkageApiKey[];
}

/** Injection token of the LinkageApiAccessOptions. */
export const LINKAGE_API_ACCESS_OPTIONS = Symbol('LINKAGE_API_ACCESS_OPTIONS');
