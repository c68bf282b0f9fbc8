/**
 * `npm run linkage -- <command>`: maintenance of the linkage service's database.
 * `rebuild [--as-of YYYY-MM-DD]` makes chains, decisions and cases again from linkage_inbox (see
 * rebuildLinkage), in one transaction; prints what it did as JSON. Exit 2 on a usage mistake, 1 when
 * the rebuild stops (nothing changed). `rules` prints the rule book for policy officers (RULES.md).
 */
import 'reflect-metadata';
import { CommanderError } from 'commander';
import { createDataSource } from '@hub/persistence';
import { readRebuildSettings } from './config/rebuild-settings.js';
import { LinkageClock } from './decide/linkage-clock.js';
import { CHINA_WORKING_CALENDAR } from './calendar/china-working-calendar.data.js';
import { loadWorkingCalendar } from './calendar/working-calendar.js';
import { linkageRulesOf } from './decide/linkage-rules.js';
import { AVERAGE_WAGES } from './rules/average-wages.data.js';
import { renderRuleBook } from './rules/render-rule-book.js';
import { RULE_BOOK } from './rules/rule-book.data.js';
import { LINKAGE_MIGRATIONS } from './migrations/index.js';
import { parseLinkageCommand } from './rebuild/rebuild-command.js';
import { rebuildLinkage } from './rebuild/rebuild-linkage.js';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseLinkageCommand(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (command.command === 'help') {
    console.log(command.text);
    return 0;
  }
  if (command.command === 'rules') {
    process.stdout.write(renderRuleBook(RULE_BOOK, loadWorkingCalendar(CHINA_WORKING_CALENDAR), AVERAGE_WAGES));
    return 0;
  }
  const { databaseUrl, averageWagesFile } = readRebuildSettings();
  if (!databaseUrl) {
    console.error("Set DATABASE_URL to the linkage service's database (postgres://…/linkage).");
    return 2;
  }
  const asOf = command.asOf ?? new LinkageClock().today();
  const dataSource = await createDataSource({
    url: databaseUrl,
    applicationName: 'linkage-rebuild',
    entities: [],
    migrations: LINKAGE_MIGRATIONS,
  }).initialize();
  try {
    if (await dataSource.showMigrations()) {
      console.error('The database has migrations pending: start the linkage service once (it migrates at start), then rebuild.');
      return 1;
    }
    const report = await dataSource.transaction((tx) => rebuildLinkage(tx, linkageRulesOf(averageWagesFile), asOf));
    console.log(JSON.stringify({ rebuilt: true, asOf, ...report }, null, 2));
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
