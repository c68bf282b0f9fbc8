#!/usr/bin/env node
// Compiles with the swc CLI (arguments passed through, e.g. `apps libs -d dist`) under .swcrc plus
// the @hub/* aliases from tsconfig.json, so the aliases are not kept a second time in .swcrc. The
// combined configuration is written to node_modules/.cache and given to swc with --config-file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, tsconfigPaths } from './aliases.mjs';

const swcrc = JSON.parse(readFileSync(join(REPO_ROOT, '.swcrc'), 'utf8'));
const config = { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: REPO_ROOT, paths: tsconfigPaths() } };
const cacheDir = join(REPO_ROOT, 'node_modules', '.cache', 'hub-build');
mkdirSync(cacheDir, { recursive: true });
// One file per build: a build running at the same time (another checkout sharing this node_modules
// through hard links, say) never reads a half-written or foreign configuration.
const configFile = join(cacheDir, `swcrc.${process.pid}.json`);
writeFileSync(configFile, JSON.stringify(config));

const swc = join(REPO_ROOT, 'node_modules', '.bin', 'swc');
const result = spawnSync(swc, [...process.argv.slice(2), '--config-file', configFile], { stdio: 'inherit', cwd: REPO_ROOT });
rmSync(configFile, { force: true });
process.exit(result.status ?? 1);
