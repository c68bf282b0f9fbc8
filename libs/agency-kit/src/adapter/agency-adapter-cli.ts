import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { createDataSource } from '@hub/persistence';
import { deadLetterCommands } from '../dead-letters/dead-letter.commands.js';
import { SubscriptionSequencesRepository } from '../sequences/subscription-sequences.repository.js';
import { readAgencyCliSettings } from './agency-adapter-config.js';
import type { AgencyAdapterDefinition } from './agency-adapter-definition.js';
import { agencyAdapterMigrations } from './agency-adapter-migrations.js';
import { mappedConsumer } from './mapped-consumer.js';

/** `definition`'s dead-letter commands (`dead-letters`, `redrive`, `discard`) on the adapter's database (DATABASE_URL), redriven through its mappings. */
export function agencyAdapterCommands(definition: AgencyAdapterDefinition): ((program: Command) => void)[] {
  return deadLetterCommands({
    open: async (fail) => {
      const settings = readAgencyCliSettings();
      if (!settings.databaseUrl) return fail(`Set DATABASE_URL to the ${definition.agency.name} adapter's database (postgres://…).`);
      const dataSource = await createDataSource({
        url: settings.databaseUrl,
        applicationName: `${definition.app}-cli`,
        entities: [],
        migrations: agencyAdapterMigrations(definition),
        poolSize: 2,
      }).initialize();
      const consumer = mappedConsumer(definition, {
        dataSource,
        sequences: new SubscriptionSequencesRepository(),
        gapGraceMs: settings.gapGraceMs,
      });
      return { db: dataSource, redriving: consumer, close: () => dataSource.destroy() };
    },
  });
}

/** An adapter's CLI `main`: exit 2 on a usage mistake, 1 when a command fails. */
export async function runAgencyAdapterCli(definition: AgencyAdapterDefinition, argv: readonly string[] = process.argv): Promise<void> {
  const program = new Command(definition.app).description(`The ${definition.agency.name} adapter to the hub`).exitOverride();
  for (const register of agencyAdapterCommands(definition)) register(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  }
}
