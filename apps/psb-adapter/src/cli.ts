/**
 * `npm run psb -- <command>`: public security's adapter commands, run with the adapter's
 * environment (DATABASE_URL, AGENCY_ID). Exit 2 on a usage mistake, 1 when a command fails.
 */
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { PSB_DEAD_LETTER_COMMANDS } from './dead-letters/dead-letter.commands.js';

const program = new Command('psb').description("Public security's adapter to the hub").exitOverride();
for (const register of PSB_DEAD_LETTER_COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
