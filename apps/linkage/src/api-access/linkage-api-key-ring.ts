import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LINKAGE_API_ACCESS_OPTIONS, type LinkageApiAccessOptions } from './linkage-api-access.options.js';
import { unauthenticated } from './linkage-api.errors.js';
import { parseLinkageApiKeys, type LinkageCaller } from './linkage-api-keys.js';

/**
 * The keys of LINKAGE_API_KEYS. A presented key is compared with every configured key in constant
 * time (both sides hashed to 32 bytes first, no early exit), so the time taken tells nothing of how
 * much of a key matched, or which.
 */
@Injectable()
export class LinkageApiKeyRing {
  private readonly callers: readonly { readonly caller: LinkageCaller; readonly digest: Buffer }[];

  constructor(@Inject(LINKAGE_API_ACCESS_OPTIONS) options: LinkageApiAccessOptions) {
    const keys = typeof options.apiKeys === 'string' ? parseLinkageApiKeys(options.apiKeys) : { keys: options.apiKeys };
    // A configuration that slipped past validation must not leave the APIs open.
    if ('problem' in keys) throw new Error(`The linkage service's configuration is invalid:\n  LINKAGE_API_KEYS: ${keys.problem}`);
    if (keys.keys.length === 0) throw new Error("The linkage service's configuration is invalid:\n  LINKAGE_API_KEYS: no keys");
    this.callers = keys.keys.map(({ agency, name, key }) => ({ caller: { agency, name }, digest: sha256(key) }));
  }

  /** The caller whose key `authorization` carries as a Bearer token; throws UNAUTHENTICATED otherwise. */
  authenticate(authorization: string | undefined): LinkageCaller {
    const presented = /^Bearer (\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (presented === undefined) throw unauthenticated();
    const digest = sha256(presented);
    let found: LinkageCaller | undefined;
    for (const candidate of this.callers) if (timingSafeEqual(candidate.digest, digest)) found = candidate.caller;
    if (found === undefined) throw unauthenticated();
    return found;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
