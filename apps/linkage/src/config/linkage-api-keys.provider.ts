import { timingSafeEqual } from 'node:crypto';
import type { LinkageApiKey } from './linkage-api-keys.js';

/** The caller of an HTTP API of the service, from its API key: the agency it acts for (`*`: supervisor or evaluator) and the key's name. */
export interface LinkageCaller {
  readonly agency: string;
  readonly name: string;
  /** A `*` key reads everything and may not claim or resolve. */
  readonly supervisor: boolean;
}

/** The LINKAGE_API_KEYS, for the API modules to authenticate `Authorization: Bearer <key>`. */
export class LinkageApiKeys {
  private readonly keys: readonly { readonly entry: LinkageApiKey; readonly bytes: Buffer }[];

  constructor(keys: readonly LinkageApiKey[]) {
    this.keys = keys.map((entry) => ({ entry, bytes: Buffer.from(entry.key) }));
  }

  /** The caller the Authorization header names, or undefined (missing, malformed or unknown key). */
  callerOf(authorization: string | undefined): LinkageCaller | undefined {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,256})$/.exec(authorization ?? '');
    if (!match) return undefined;
    const given = Buffer.from(match[1] as string);
    // Every key is compared, in constant time each, so the answer time tells nothing of which one is close.
    let found: LinkageApiKey | undefined;
    for (const { entry, bytes } of this.keys) {
      if (bytes.length === given.length && timingSafeEqual(bytes, given)) found = entry;
    }
    return found && { agency: found.agency, name: found.name, supervisor: found.agency === '*' };
  }
}
