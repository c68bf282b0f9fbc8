import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../repo-root.js';
import { NODE_FLAGS_FILE, nodeRuntimeFlags } from './node-flags.js';

/** One list of runtime flags for every way of starting the apps, and one Node that accepts them. */
describe('config/node-flags', () => {
  const root = repoRoot();

  it('holds flags only, each accepted by the project’s Node', () => {
    const flags = nodeRuntimeFlags(root);
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) expect(flag).toMatch(/^--[a-z][a-z0-9-]*(=\S+)?$/);
    const run = spawnSync(process.execPath, [...flags, '-e', ''], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('is what the container’s entrypoint passes, read the way the entrypoint reads it', () => {
    const entrypoint = readFileSync(join(root, 'docker/entrypoint.sh'), 'utf8');
    const command = /\$\((sed [^)]*) \/app\/config\/node-flags\)/.exec(entrypoint)?.[1];
    expect(command).toBeDefined();
    const words = spawnSync('sh', ['-c', `${command} ${NODE_FLAGS_FILE}`], { cwd: root, encoding: 'utf8' })
      .stdout.split(/\s+/)
      .filter(Boolean);
    expect(words).toEqual(nodeRuntimeFlags(root));
  });
});
