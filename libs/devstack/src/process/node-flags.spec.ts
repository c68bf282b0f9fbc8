import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../repo-root.js';
import { JEMALLOC_LIBRARIES, NODE_FLAGS_FILE, nodeRuntimeEnv, nodeRuntimeFlags } from './node-flags.js';
import { startNodeService } from './node-service.js';

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

/** One allocator for every way of starting the apps: jemalloc, preloaded. */
describe('nodeRuntimeEnv', () => {
  const root = repoRoot();

  it('preloads the first jemalloc installed, nothing when none is, and leaves an LD_PRELOAD already set', () => {
    const [first, second] = JEMALLOC_LIBRARIES;
    expect(nodeRuntimeEnv({}, (path) => path === second)).toEqual({ LD_PRELOAD: second });
    expect(nodeRuntimeEnv({}, () => true)).toEqual({ LD_PRELOAD: first });
    expect(nodeRuntimeEnv({}, () => false)).toEqual({});
    expect(nodeRuntimeEnv({ LD_PRELOAD: '/opt/other.so' }, () => true)).toEqual({});
  });

  it('runs a process started by startNodeService on jemalloc (scripts/bootstrap.mjs installs it)', async () => {
    expect(JEMALLOC_LIBRARIES.filter((path) => existsSync(path))).not.toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'node-env-'));
    try {
      const entry = join(dir, 'allocator.cjs');
      writeFileSync(
        entry,
        "const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');\n" +
          "console.log(maps.includes('libjemalloc') ? 'allocator: jemalloc' : 'allocator: glibc');\n",
      );
      // As a clean shell would start it, with no allocator chosen by whoever runs the tests.
      const saved = process.env['LD_PRELOAD'];
      delete process.env['LD_PRELOAD'];
      const service = (() => {
        try {
          return startNodeService('allocator', entry, {}, join(dir, 'allocator.log'));
        } finally {
          if (saved !== undefined) process.env['LD_PRELOAD'] = saved;
        }
      })();
      expect(await service.exited).toBe(0);
      // The log stream may still be flushing when the child exits.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(readFileSync(service.logFile, 'utf8').trim()).toBe('allocator: jemalloc');
      // And the image's entrypoint looks in the same places.
      const entrypoint = readFileSync(join(root, 'docker/entrypoint.sh'), 'utf8');
      expect(/for library in ([^;]+);/.exec(entrypoint)?.[1]?.trim().split(/\s+/)).toEqual([...JEMALLOC_LIBRARIES]);
      expect(readFileSync(join(root, 'docker/Dockerfile'), 'utf8')).toMatch(/apt-get install[^\n]*libjemalloc2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
