#!/usr/bin/env node
// Compiles with the swc CLI (arguments passed through, e.g. `apps libs -d dist`) under .swcrc plus
// the @hub/* aliases from tsconfig.json, so the aliases are not kept a second time in .swcrc. The
// combined configuration is written to node_modules/.cache and given to swc with --config-file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, tsconfigPaths } from './aliases.mjs';

const swcrc = JSON.parse(readFileSync(join(REPO_ROOT, '.swcrc'), 'utf8'));
const config = { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: REPO_ROOT, paths: tsconfigPaths() } };
const cacheDir = join(REPO_ROOT, 'node_modules', '.cache', 'hub-build');
mkdirSync(cacheDir, { recursive: true });
const configFile = join(cacheDir, 'swcrc.json');
writeFileSync(configFile, JSON.stringify(config));

const swc = join(REPO_ROOT, 'node_modules', '.bin', 'swc');
const result = spawnSync(swc, [...process.argv.slice(2), '--config-file', configFile], { stdio: 'inherit', cwd: REPO_ROOT });
process.exit(result.status ?? 1);
