import { redriveDeadLetters } from '@hub/agency-kit';
import { InvalidArgumentError, type Command } from 'commander';
import { readBureauDatabaseUrl } from '../config/bureau-database-url.js';
import { inboundDataSource } from './inbound-data-source.js';
import { bureauInboundConsumer } from './record-inbound/bureau-inbound-consumer.js';

/**
 * `npm run bureau -- redrive [--id n ...]`: applies the inbound dead letters again (all, or those
 * named) through the adapter's own consumer, after the reader, the data or the database was fixed;
 * one that fails again stays, with the new reason.
 */
export function redriveCommand(program: Command): void {
  program
    .command('redrive')
    .description('apply dead letters of the inbound topic again (all, or --id)')
    .option('--id <id...>', 'dead letter ids (see status)', (value: string, previous: number[] = []) => [...previous, wholeNumber(value)])
    .action(async (options: { id?: number[] }) => {
      const url = readBureauDatabaseUrl();
      if (!url) program.error("Set BUREAU_DATABASE_URL to the bureau's database (postgres://…/fwp).", { exitCode: 2 });
      const db = await inboundDataSource(url, 2).initialize();
      try {
        const result = await redriveDeadLetters(db, bureauInboundConsumer(db, 0), options.id ?? []);
        console.log(`redriven ${result.redriven}: applied ${result.recovered}, dead-lettered again ${result.deadLetteredAgain}`);
      } finally {
        await db.destroy();
      }
    });
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a dead letter id (a whole number)');
  return n;
}
