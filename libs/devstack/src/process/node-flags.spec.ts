import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

  it('exposes V8’s collector, which the idle collection of every process asks for a full collection', () => {
    const run = spawnSync(process.execPath, [...nodeRuntimeFlags(root), '-e', 'process.stdout.write(typeof gc)'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('function');
  });

  it('keeps source maps for the project’s code and reads none of node_modules', () => {
    // A module of the project's and one of a dependency's, each naming its source map.
    const dir = mkdtempSync(join(tmpdir(), 'node-flags-'));
    mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
    for (const file of ['own.js', 'node_modules/dep/index.js']) {
      const name = basename(file);
      writeFileSync(join(dir, file), `module.exports = 1;\n//# sourceMappingURL=${name}.map\n`);
      writeFileSync(join(dir, `${file}.map`), JSON.stringify({ version: 3, file: name, sources: ['x.ts'], names: [], mappings: 'AAAA' }));
    }
    const script = `
      const { findSourceMap, getSourceMapsSupport } = require('node:module');
      const own = require.resolve(${JSON.stringify(join(dir, 'own.js'))});
      const dep = require.resolve(${JSON.stringify(join(dir, 'node_modules/dep/index.js'))});
      require(own);
      require(dep);
      console.log(JSON.stringify({ support: getSourceMapsSupport(), own: findSourceMap(own) !== undefined, dep: findSourceMap(dep) !== undefined }));`;
    try {
      const run = spawnSync(process.execPath, ['--enable-source-maps', ...nodeRuntimeFlags(root), '-e', script], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        support: { enabled: true, nodeModules: false, generatedCode: false },
        own: true,
        dep: false,
      });
      // Without the preload, --enable-source-maps alone reads both.
      const plain = spawnSync(process.execPath, ['--enable-source-maps', '-e', script], { cwd: root, encoding: 'utf8' });
      expect(JSON.parse(plain.stdout)).toMatchObject({ own: true, dep: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
