import { createHash, timingSafeEqual } from 'node:crypto';

/** One system allowed to call an adapter's HTTP API: its name (recorded with what it does) and its API key. */
export interface NamedKey {
  readonly name: string;
  readonly key: string;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const KEY = /^[A-Za-z0-9._~+/=-]{32,256}$/;

/** How a malformed `name:key` list is explained, for a setting of that form. */
export function namedKeysRule(setting: string): string {
  return `${setting} must be comma-separated name:key pairs, each name unique and 1–64 of a-z 0-9 . _ -, each key unique and 32–256 of A-Z a-z 0-9 . _ ~ + / = - (e.g. exit-entry-desk:$(openssl rand -hex 24))`;
}

/**
 * `name:key` pairs, comma-separated (`exit-entry-desk:…,border-control:…`): each name 1–64 of
 * a-z 0-9 . _ -, each key 32–256 characters of a-z A-Z 0-9 . _ ~ + / = -. Undefined when malformed.
 */
export function parseNamedKeys(text: string): NamedKey[] | undefined {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const keys = entries.map((entry) => {
    const colon = entry.indexOf(':');
    return { name: entry.slice(0, colon), key: entry.slice(colon + 1) };
  });
  const valid = keys.length > 0 && keys.every(({ name, key }) => NAME.test(name) && KEY.test(key));
  const unique = new Set(keys.map((k) => k.name)).size === keys.length && new Set(keys.map((k) => k.key)).size === keys.length;
  return valid && unique ? keys : undefined;
}

/**
 * The keys allowed to call an API. A presented key is compared with every configured key in
 * constant time (both sides hashed to 32 bytes first, and no early exit), so the time taken tells
 * nothing of how much of a key matched, or which.
 */
export class NamedKeyRing {
  private readonly keys: readonly { readonly name: string; readonly digest: Buffer }[];

  constructor(keys: readonly NamedKey[]) {
    this.keys = keys.map(({ name, key }) => ({ name, digest: sha256(key) }));
  }

  /** The name of the system whose key `authorization` (`Bearer <key>`) carries; undefined for none or a wrong one. */
  nameOf(authorization: string | undefined): string | undefined {
    const presented = /^Bearer (\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (presented === undefined) return undefined;
    const digest = sha256(presented);
    let name: string | undefined;
    for (const candidate of this.keys) if (timingSafeEqual(candidate.digest, digest)) name = candidate.name;
    return name;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
