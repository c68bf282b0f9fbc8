import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder at or above the working directory that holds `package-lock.json`. */
export function repoRoot(): string {
  let dir = process.cwd();
  while (!existsSync(join(dir, 'package-lock.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(
        `Cannot find the repository root (no package-lock.json at or above ${process.cwd()}); run from inside the repository.`,
      );
    dir = parent;
  }
  return dir;
}
