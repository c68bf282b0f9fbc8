import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../repo-root.js';
import { PROCESS_ENV_FILE, processEnvDefaults } from './node-flags.js';
import { startNodeService } from './node-service.js';

/** One environment for every way of starting the apps, and a glibc that takes its allocator settings. */
describe('config/process-env', () => {
  const root = repoRoot();
  const scratch = mkdtempSync(join(tmpdir(), 'process-env-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** What a script sees of GLIBC_TUNABLES and which dynamic loader runs it, started by startNodeService. */
  async function seenByService(env: Record<string, string>): Promise<{ tunables: string | null; loader: string | null }> {
    const entry = join(scratch, 'print-env.cjs');
    writeFileSync(
      entry,
      `const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
       const loader = /\\s(\\/\\S*\\/ld-linux[^\\s]*)$/m.exec(maps);
       console.log(JSON.stringify({ tunables: process.env.GLIBC_TUNABLES ?? null, loader: loader ? loader[1] : null }));`,
    );
    const log = join(scratch, `service-${Date.now()}-${Math.random()}.log`);
    const service = startNodeService('print-env', entry, env, log);
    expect(await service.exited).toBe(0);
    return JSON.parse(readFileSync(log, 'utf8').trim()) as { tunables: string | null; loader: string | null };
  }

  it('holds NAME=value lines that every process started by startNodeService gets', async () => {
    const defaults = processEnvDefaults(root);
    expect(Object.keys(defaults)).toContain('GLIBC_TUNABLES');
    const before = process.env.GLIBC_TUNABLES;
    delete process.env.GLIBC_TUNABLES;
    try {
      expect((await seenByService({})).tunables).toBe(defaults.GLIBC_TUNABLES);
      // The caller's own value wins, as does one already in the environment.
      expect((await seenByService({ GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' })).tunables).toBe(
        'glibc.malloc.mmap_threshold=65536',
      );
      process.env.GLIBC_TUNABLES = 'glibc.malloc.trim_threshold=65536';
      expect((await seenByService({})).tunables).toBe('glibc.malloc.trim_threshold=65536');
    } finally {
      if (before === undefined) delete process.env.GLIBC_TUNABLES;
      else process.env.GLIBC_TUNABLES = before;
    }
  });

  it('names allocator settings this glibc knows and applies (it ignores unknown ones without a word)', async () => {
    const { loader } = await seenByService({});
    expect(loader).toMatch(/ld-linux/);
    const tunables = processEnvDefaults(root).GLIBC_TUNABLES ?? '';
    const settings = tunables.split(':').map((entry) => entry.split('='));
    expect(settings.length).toBeGreaterThan(0);
    const listed = spawnSync(loader as string, ['--list-tunables'], { env: { GLIBC_TUNABLES: tunables }, encoding: 'utf8' });
    expect(listed.status).toBe(0);
    for (const [name, value] of settings) {
      const line = listed.stdout.split('\n').find((text) => text.startsWith(`${name}:`));
      expect(line).toBeDefined();
      // --list-tunables prints each value in hex.
      expect(line).toContain(`: 0x${Number(value).toString(16)} `);
    }
    // Without the setting, glibc would adjust the thresholds by itself (0: not set).
    const plain = spawnSync(loader as string, ['--list-tunables'], { env: {}, encoding: 'utf8' });
    expect(plain.stdout).toMatch(/^glibc\.malloc\.mmap_threshold: 0x0 /m);
  });

  it('refuses a line that is not NAME=value, naming it', () => {
    const bad = join(scratch, 'bad');
    mkdirSync(join(bad, 'config'), { recursive: true });
    writeFileSync(join(bad, PROCESS_ENV_FILE), '# a comment\nGOOD=1\nBAD = 2\n');
    expect(() => processEnvDefaults(bad)).toThrow(`${PROCESS_ENV_FILE}:3: expected NAME=value without spaces, got "BAD = 2"`);
    writeFileSync(join(bad, PROCESS_ENV_FILE), '\n# only comments\nA=1 # trailing comment\n');
    expect(processEnvDefaults(bad)).toEqual({ A: '1' });
  });

  it('is what the container’s entrypoint exports, unless the container sets it already', () => {
    // The entrypoint as the image runs it, from the repository instead of /app, ending in `env`
    // where it would start Node.
    const entrypoint = readFileSync(join(root, 'docker/entrypoint.sh'), 'utf8')
      .replaceAll('/app', root)
      .replace(/^exec node .*$/m, 'exec env');
    expect(entrypoint).toContain(`${root}/${PROCESS_ENV_FILE}`);
    const script = join(scratch, 'entrypoint.sh');
    writeFileSync(script, entrypoint);
    const environment = (extra: Record<string, string>): Record<string, string> => {
      const run = spawnSync('sh', [script], { env: { PATH: process.env.PATH ?? '', ...extra }, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return Object.fromEntries(
        run.stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
    };
    const defaults = processEnvDefaults(root);
    expect(environment({})).toMatchObject(defaults);
    expect(environment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' }).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=1');
  });
});
