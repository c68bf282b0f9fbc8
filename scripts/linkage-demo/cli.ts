import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { loadLinkageDemo } from './load-linkage-demo.js';

/**
 * `npm run demo:linkage -- --people 3000 --seed 7 --hub http://127.0.0.1:3000 --admin-token <t>`:
 * loads the seeded linkage demo data set into a running hub.
 */
function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number');
  return Number(value);
}

const program = new Command('demo:linkage')
  .description('Publish the seeded linkage demo data set through a hub')
  .requiredOption('--hub <url>', "the hub's base URL, e.g. http://127.0.0.1:3000")
  .requiredOption('--admin-token <token>', "the hub's ADMIN_TOKEN (onboards the demo agencies and their keys)")
  .option('--people <n>', 'principals to generate (family members come on top)', wholeNumber, 3000)
  .option('--seed <n>', 'seed of the data set: the same seed gives the same events', wholeNumber, 7)
  .option('--until <date>', 'last day of the two years the data set covers (YYYY-MM-DD)')
  .action(async (options: { hub: string; adminToken: string; people: number; seed: number; until?: string }) => {
    if (options.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.until))
      throw new InvalidArgumentError('--until must be YYYY-MM-DD');
    await loadLinkageDemo({
      hubUrl: options.hub.replace(/\/+$/, ''),
      adminToken: options.adminToken,
      people: options.people,
      seed: options.seed,
      ...(options.until ? { until: options.until } : {}),
      log: (line) => console.log(line),
    });
  });

try {
  await program.parseAsync();
} catch (error) {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  console.error(`The linkage demo was not loaded: ${error instanceof Error ? error.message : String(error)}${cause}`);
  process.exitCode = 1;
}
