import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-root.js';

/** Where the runtime flags of every hub and adapter process are written, relative to the repository root. */
export const NODE_FLAGS_FILE = 'config/node-flags';

/** The flags in `config/node-flags`: one a line, `#` comments and blank lines left out. */
export function nodeRuntimeFlags(root: string = repoRoot()): string[] {
  return readFileSync(join(root, NODE_FLAGS_FILE), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}

/** Where the environment every hub and adapter process starts with is written, relative to the repository root. */
export const PROCESS_ENV_FILE = 'config/process-env';

/**
 * The `NAME=value` lines of `config/process-env` (`#` comments and blank lines left out); throws,
 * naming the line, on anything else, so a typo cannot silently drop a setting.
 */
export function processEnvDefaults(root: string = repoRoot()): Record<string, string> {
  const env: Record<string, string> = {};
  readFileSync(join(root, PROCESS_ENV_FILE), 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/#.*/, '').trim();
      if (line.length === 0) return;
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$/.exec(line);
      if (!match) throw new Error(`${PROCESS_ENV_FILE}:${index + 1}: expected NAME=value without spaces, got "${line}"`);
      env[match[1] as string] = match[2] as string;
    });
  return env;
}
