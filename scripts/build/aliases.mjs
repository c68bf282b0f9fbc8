// The @hub/* aliases are kept in one place, tsconfig.json's `paths` (so tsconfig.json stays plain
// JSON). The swc build (scripts/build/swc.mjs), jest (jest.config.js) and dependency-cruiser (its
// tsConfig option) all read them from there.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** tsconfig.json's `paths`: each alias and the files it stands for, relative to the repository root. */
export function tsconfigPaths() {
  const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8'));
  return tsconfig.compilerOptions.paths;
}

/** The same aliases as jest's moduleNameMapper: `^@hub/messaging$` to `<rootDir>/libs/messaging/src/index.ts`. */
export function jestModuleNameMapper() {
  return Object.fromEntries(
    Object.entries(tsconfigPaths()).map(([alias, [target]]) => [
      `^${alias.replace(/[/.]/g, '\\$&')}$`,
      `<rootDir>/${target.replace(/^\.\//, '')}`,
    ]),
  );
}
