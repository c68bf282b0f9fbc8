/** Who calls the linkage service's HTTP APIs: the agency the key acts for (`*`: a supervisor or evaluator), the key's name, the key. */
export interface LinkageApiKey {
  /** An agency id (e.g. `psb-310000`), or `*` for a supervisor or evaluator who reads everything and may not claim or resolve. */
  readonly agency: string;
  /** Recorded with every call made with the key. */
  readonly name: string;
  readonly key: string;
}

const AGENCY = /^(\*|[a-z][a-z0-9]*(-\d{6})?)$/;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const KEY = /^[A-Za-z0-9._~+/=-]{32,256}$/;

/**
 * `<agency id or *>:<name>:<key>` entries, comma-separated (`psb-310000:exit-entry-desk:…,*:evaluator:…`):
 * names 1–64 of a-z 0-9 . _ -, keys 32–256 of A-Z a-z 0-9 . _ ~ + / = -, each name and key unique.
 * Undefined when malformed.
 */
export function parseLinkageApiKeys(text: string): LinkageApiKey[] | undefined {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const keys = entries.map((entry) => {
    const [agency = '', name = '', ...rest] = entry.split(':');
    return { agency, name, key: rest.join(':') };
  });
  const valid = keys.length > 0 && keys.every(({ agency, name, key }) => AGENCY.test(agency) && NAME.test(name) && KEY.test(key));
  const unique = new Set(keys.map((k) => k.name)).size === keys.length && new Set(keys.map((k) => k.key)).size === keys.length;
  return valid && unique ? keys : undefined;
}
