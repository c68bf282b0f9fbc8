#!/usr/bin/env node
// Builds the ops console (apps/console-web, Vue + Vite) into dist/console-web, where the hub serves
// it at /console/. The build is skipped when its inputs (the app's files, package-lock.json and this
// script) hash to the stamp the last build left, so `npm start` stays fast.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './aliases.mjs';

const appRoot = join(REPO_ROOT, 'apps', 'console-web');
const outDir = join(REPO_ROOT, 'dist', 'console-web');
const stampFile = join(outDir, '.build-stamp');

/** Every file under `folder`, sorted, so the hash does not depend on directory order. */
function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function inputsHash() {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(appRoot), join(REPO_ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)];
  for (const file of inputs) hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const stamp = inputsHash();
if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(outDir, 'index.html'))) process.exit(0);

const { build } = await import('vite');
const { default: vue } = await import('@vitejs/plugin-vue');
await build({
  configFile: false,
  root: appRoot,
  base: '/console/',
  logLevel: 'warn',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 1500, reportCompressedSize: false },
});
writeFileSync(stampFile, stamp);
