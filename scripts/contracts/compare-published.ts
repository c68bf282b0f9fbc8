import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { breakingChanges, type CodeList, type JsonSchema } from '@hub/contracts';
import { isAcceptedCorrection } from './accepted-corrections.js';

/** What stands between the published contracts and the working ones. */
export interface PublishedReport {
  /** Changes to released contracts that are not new versions: these fail the build. */
  readonly breaking: string[];
  /** Published files that differ from what the contracts derive (compatible; regenerate). */
  readonly stale: string[];
}

/**
 * Compares the files under `dir` with `generated`. Every schema already under `dir/schemas` is a
 * released version: the working contract may only widen it. Anything else that differs is stale.
 */
export function comparePublished(dir: string, generated: ReadonlyMap<string, string>): PublishedReport {
  const breaking: string[] = [];
  const stale: string[] = [];
  const onDisk = new Set(listFiles(dir));
  for (const path of onDisk) {
    const released = readFileSync(join(dir, path), 'utf8');
    const current = generated.get(path);
    if (path.startsWith('schemas/')) {
      const name = path.replace(/^schemas\//, '').replace(/\.schema\.json$/, '');
      if (current === undefined) {
        breaking.push(`${name}: this released contract version is gone from the catalogue; released versions stay`);
        continue;
      }
      if (current === released) continue;
      const changes = breakingChanges(JSON.parse(released) as JsonSchema, JSON.parse(current) as JsonSchema).filter(
        (change) => !isAcceptedCorrection(change.path, `${change.kind}: ${change.detail}`),
      );
      for (const change of changes) breaking.push(`${name}: ${change.path}: ${change.kind}: ${change.detail}`);
      if (changes.length === 0) stale.push(path);
      continue;
    }
    if (path.startsWith('code-lists/') && current !== undefined && current !== released) {
      const before = JSON.parse(released) as CodeList;
      const after = JSON.parse(current) as CodeList;
      const removed = before.entries.filter((entry) => !after.entries.some((other) => other.code === entry.code));
      if (removed.length > 0) {
        breaking.push(
          `${path}: codes removed from released list ${before.name} v${before.version}: ${removed.map((entry) => entry.code).join(', ')}`,
        );
        continue;
      }
    }
    if (current !== released) stale.push(path);
  }
  for (const path of generated.keys()) if (!onDisk.has(path)) stale.push(path);
  return { breaking, stale: stale.sort() };
}

/** Writes `generated` under `dir` and removes published files that are no longer generated. */
export function writePublished(dir: string, generated: ReadonlyMap<string, string>): void {
  for (const path of listFiles(dir)) if (!generated.has(path)) rmSync(join(dir, path));
  for (const [path, content] of generated) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}
