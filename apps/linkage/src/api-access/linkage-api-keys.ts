/** A caller of the linkage APIs: the agency it acts for (`*`: a supervisor or evaluator) and its name. */
export interface LinkageCaller {
  /** An agency id (psb-310000, bureau-310000, credit …) or `*` for a supervisor key that reads everything. */
  readonly agency: string;
  /** The calling system's name, unique among the keys; recorded with every call and as who claimed or resolved a case. */
  readonly name: string;
}

/** One entry of LINKAGE_API_KEYS. */
export interface LinkageApiKey extends LinkageCaller {
  readonly key: string;
}

/** The agency of a supervisor key: reads every agency's cases and chains, acts on none. */
export const ALL_AGENCIES = '*';

const AGENCY = /^(\*|[a-z]{2,20}(-\d{6})?)$/;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const KEY = /^[A-Za-z0-9._~+/=-]{32,256}$/;

/**
 * Reads LINKAGE_API_KEYS: comma-separated `<agency id or *>:<name>:<key>` (agency an agency id such as
 * psb-310000, name 1–64 of a-z 0-9 . _ -, key 32–256 of A-Z a-z 0-9 . _ ~ + / = -); names and keys
 * each unique. Answers the keys, or what is wrong with the text (never the keys themselves).
 */
export function parseLinkageApiKeys(text: string): { readonly keys: LinkageApiKey[] } | { readonly problem: string } {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return { problem: 'no keys: give at least one <agency id or *>:<name>:<key>' };
  const keys: LinkageApiKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const [agency = '', name = '', ...rest] = entry.split(':');
    const key = rest.join(':');
    if (!AGENCY.test(agency)) return { problem: `entry ${index + 1}: the agency must be an agency id such as psb-310000, or *` };
    if (!NAME.test(name))
      return { problem: `entry ${index + 1}: the name must be 1–64 characters of a-z 0-9 . _ - (starting with a letter or digit)` };
    if (!KEY.test(key)) return { problem: `entry ${index + 1} (${name}): the key must be 32–256 characters of A-Z a-z 0-9 . _ ~ + / = -` };
    keys.push({ agency, name, key });
  }
  if (new Set(keys.map((k) => k.name)).size !== keys.length) return { problem: 'every name must be used once' };
  if (new Set(keys.map((k) => k.key)).size !== keys.length) return { problem: 'every key must be used once' };
  return { keys };
}

/** Whether a caller is a supervisor (`*` key). */
export function isSupervisor(caller: LinkageCaller): boolean {
  return caller.agency === ALL_AGENCIES;
}

/** The kind of an agency id: psb-310000 → psb, credit → credit, * → *. */
export function agencyKindOf(agency: string): string {
  return agency.split('-')[0] ?? agency;
}
