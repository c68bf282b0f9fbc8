import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-root.js';

/** The PostgreSQL settings the hub's database runs with, relative to the repository root. */
export const POSTGRES_SETTINGS_FILE = 'config/postgres.conf';

/** One setting of `config/postgres.conf`. */
export interface PostgresSetting {
  readonly name: string;
  readonly value: string;
}

/**
 * The settings in `text`, in postgresql.conf syntax: `name = value` (or `name value`) a line, `#`
 * comments and blank lines left out, a value in single quotes unquoted. A line that is none of
 * these, or a name given twice, is an error naming its line.
 */
export function parsePostgresSettings(text: string): PostgresSetting[] {
  const settings: PostgresSetting[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line.length === 0) return;
    const match = /^([a-z_][a-z0-9_.]*)\s*(?:=\s*|\s+)('(?:[^'\\]|'')*'|[^\s']+)$/i.exec(line);
    if (!match) throw new Error(`${POSTGRES_SETTINGS_FILE} line ${index + 1}: expected "name = value", got "${raw.trim()}"`);
    const name = match[1]!.toLowerCase();
    const quoted = match[2]!;
    const value = quoted.startsWith("'") ? quoted.slice(1, -1).replace(/''/g, "'") : quoted;
    if (settings.some((setting) => setting.name === name)) {
      throw new Error(`${POSTGRES_SETTINGS_FILE} line ${index + 1}: ${name} is set twice`);
    }
    settings.push({ name, value });
  });
  return settings;
}

/** The settings in the repository's `config/postgres.conf`. */
export function postgresServerSettings(root: string = repoRoot()): PostgresSetting[] {
  return parsePostgresSettings(readFileSync(join(root, POSTGRES_SETTINGS_FILE), 'utf8'));
}

/** The settings as `postgres` command-line options: `-c name=value` each. */
export function postgresSettingArgs(settings: readonly PostgresSetting[]): string[] {
  return settings.flatMap(({ name, value }) => ['-c', `${name}=${value}`]);
}
