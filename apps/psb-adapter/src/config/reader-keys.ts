/** One system allowed to read permits over HTTP: its name (recorded with every read) and its API key. */
export interface ReaderKey {
  readonly name: string;
  readonly key: string;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const KEY = /^[A-Za-z0-9._~+/=-]{32,256}$/;

/**
 * `name:key` pairs, comma-separated (`exit-entry-desk:…,border-control:…`): each name 1–64 of
 * a-z 0-9 . _ -, each key 32–256 characters of a-z A-Z 0-9 . _ ~ + / = -. Undefined when malformed.
 */
export function parseReaderKeys(text: string): ReaderKey[] | undefined {
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
