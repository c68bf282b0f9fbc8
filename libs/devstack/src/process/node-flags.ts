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
