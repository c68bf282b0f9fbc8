/**
 * Publishes and guards the event contracts.
 *
 *   npm run contracts:generate   writes contracts/ from the contract classes and the hub's controllers
 *                                (refuses breaking changes)
 *   npm run contracts:check      fails when contracts/ is stale, a released version was broken or the
 *                                OpenAPI document is not valid OpenAPI 3
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { repoRoot } from '@hub/devstack';
import { comparePublished, writePublished } from './compare-published.js';
import { openApiFiles } from './openapi-files.js';
import { publishedFiles } from './published-files.js';

/** The files contracts/ should hold and how they differ from it; exits 1 on a breaking change. */
async function compare(): Promise<{ dir: string; generated: Map<string, string>; stale: readonly string[] }> {
  const dir = join(repoRoot(), 'contracts');
  const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  const generated = new Map([...publishedFiles(version), ...(await openApiFiles())]);
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
  return { dir, generated, stale: report.stale };
}

// A command line that fits no command exits 2, as before commander (set first: commands copy it).
const program = new Command('contracts')
  .description('Publish and guard the event contracts under contracts/.')
  .exitOverride((error) => process.exit(error.code === 'commander.helpDisplayed' ? 0 : 2));
program
  .command('generate')
  .description('write contracts/ from the contract classes (refuses breaking changes)')
  .action(async () => {
    const { dir, generated, stale } = await compare();
    writePublished(dir, generated);
    console.log(`contracts/: ${generated.size} files, ${stale.length} updated`);
  });
program
  .command('check')
  .description('fail when contracts/ is stale or a released version was broken')
  .action(async () => {
    const { generated, stale } = await compare();
    if (stale.length > 0) {
      console.error(
        [`contracts/ is stale; run npm run contracts:generate and commit the result:`, ...stale.map((path) => `  - ${path}`)].join('\n'),
      );
      process.exit(1);
    }
    console.log(
      `contracts/ matches the contract classes and the hub's controllers (${generated.size} files, openapi/hub.json valid OpenAPI 3); no released contract broken`,
    );
  });
await program.parseAsync();
