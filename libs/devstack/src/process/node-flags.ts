import { existsSync, readFileSync } from 'node:fs';
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

/** Where Debian's libjemalloc2 installs jemalloc, per architecture (the container image is Debian too). */
export const JEMALLOC_LIBRARIES = ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2'] as const;

/**
 * The environment every hub and adapter process starts with besides its own settings: jemalloc as
 * the allocator, preloaded, where it is installed (`scripts/bootstrap.mjs` and the image install it;
 * docker/entrypoint.sh does the same). Under load glibc's malloc let a process's resident memory
 * grow by 2–3 MiB a minute while its live allocations stayed near 30 MiB (freed memory kept in its
 * arenas); jemalloc hands such memory back. An LD_PRELOAD already set is left as it is.
 */
export function nodeRuntimeEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): Record<string, string> {
  if (env['LD_PRELOAD']) return {};
  const library = JEMALLOC_LIBRARIES.find((path) => exists(path));
  return library ? { LD_PRELOAD: library } : {};
}
