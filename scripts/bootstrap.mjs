#!/usr/bin/env node
// Runs before `npm start`, `npm test` and `npm run bench` on any clone, under whatever Node the
// machine has: installs the npm dependencies when they are missing or older than package-lock.json,
// checks that they brought the project's own Node (the `node` devDependency, which `npm run` puts
// first on the PATH, so every later step runs on it whatever the machine's Node is), and checks for
// the Java 17 and Maven that the local Kafka broker needs, for kcat, the outside Kafka client the
// README's hints and the access tests use, and for Chromium, the browser the console's browser tests
// drive (installing them from Debian's packages when run as root on Debian).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const projectNode = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies.node;
const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const stamp = 'node_modules/.hub-install-stamp';
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  console.log(`… installing npm dependencies and Node ${projectNode} (npm ci)`);
  // npm checks engines against the Node it runs on: on a first install, the machine's.
  if (Number(process.versions.node.split('.')[0]) < Number(projectNode.split('.')[0])) {
    console.log(`  npm runs on this machine's Node ${process.version} for this install and may warn (EBADENGINE) that`);
    console.log(`  packages want a newer one; everything after it runs on Node ${projectNode}.`);
  }
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, lockHash);
}

const installed = spawnSync('node_modules/.bin/node', ['--version'], { encoding: 'utf8' }).stdout?.trim();
if (installed !== `v${projectNode}`) {
  console.error(
    `node_modules/.bin/node should be Node ${projectNode} (the "node" devDependency) but is ${installed || 'missing'}: ` +
      'its install script did not run. Allow install scripts for "node" (package.json "allowScripts"; ' +
      'no ignore-scripts in .npmrc), delete node_modules and run again.',
  );
  process.exit(1);
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
// A Chinese font, so the console's pages (zh-CN first) render in the browser tests and their screenshots.
const hasChineseFont = () => spawnSync('sh', ['-c', 'fc-list :lang=zh | grep -q .'], { stdio: 'ignore' }).status === 0;
const missing = [
  ['java', 'openjdk-17-jre-headless', () => has('java')],
  ['mvn', 'maven', () => has('mvn')],
  ['kcat', 'kcat', () => has('kcat')],
  ['chromium', 'chromium', () => has('chromium')],
  ['a Chinese font', 'fonts-wqy-microhei', hasChineseFont],
].filter(([, , present]) => !present());
if (missing.length > 0) {
  const packages = missing.map(([, pkg]) => pkg).join(' ');
  if (process.getuid?.() === 0 && has('apt-get')) {
    console.log(`… installing ${packages} for the local Kafka broker and the browser tests`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`, { stdio: 'inherit' });
  } else {
    console.error(
      `The local Kafka broker and the tests need ${missing.map(([c]) => c).join(' and ')}; install ${packages} (Java 17, Maven, kcat, Chromium, a Chinese font) and run again.`,
    );
    process.exit(1);
  }
}
