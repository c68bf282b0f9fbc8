import { NATIONALITIES } from '@hub/contracts';

const byName = new Map<string, string>();
for (const { code, zh, en } of NATIONALITIES.entries) {
  byName.set(zh, code);
  byName.set(en.toLowerCase(), code);
  byName.set(code, code);
}

/**
 * A nationality as ISO 3166-1 alpha-3, from the code itself (any case), the Chinese or English
 * name of the nationality code list (`法国`, `France`), or a name the mapping's own table knows
 * (`南韩`). Undefined when none of these.
 */
export function parseNationality(text: string, aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const value = text.trim();
  const alias = aliases[value];
  if (alias !== undefined) return byName.get(alias.toUpperCase());
  return byName.get(value.toUpperCase()) ?? byName.get(value) ?? byName.get(value.toLowerCase());
}
