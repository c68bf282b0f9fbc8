/**
 * Publishes and guards the event contracts.
 *
 *   npm run contracts:generate   writes contracts/ from the contract classes (refuses breaking changes)
 *   npm run contracts:check      fails when contracts/ is stale or a released version was broken
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@hub/devstack';
import { comparePublished, writePublished } from './compare-published.js';
import { publishedFiles } from './published-files.js';

const command = process.argv[2];
const dir = join(repoRoot(), 'contracts');
const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
const generated = publishedFiles(version);
const report = comparePublished(dir, generated);

if (report.breaking.length > 0) {
  console.error(
    [
      'Breaking changes to released contracts. Publish the change as a new contract version (with a VersionBridge to the',
      'previous one) instead of editing a released version:',
      ...report.breaking.map((line) => `  - ${line}`),
    ].join('\n'),
  );
  process.exit(1);
}

if (command === 'generate') {
  writePublished(dir, generated);
  console.log(`contracts/: ${generated.size} files, ${report.stale.length} updated`);
} else if (command === 'check') {
  if (report.stale.length > 0) {
    console.error(
      [`contracts/ is stale; run npm run contracts:generate and commit the result:`, ...report.stale.map((path) => `  - ${path}`)].join(
        '\n',
      ),
    );
    process.exit(1);
  }
  console.log(`contracts/ matches the contract classes (${generated.size} files); no released contract broken`);
} else {
  console.error('usage: contracts (generate | check)');
  process.exit(2);
}
