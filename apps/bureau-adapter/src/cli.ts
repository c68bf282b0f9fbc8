/**
 * `npm run bureau -- <command>`: the bureau adapter's commands (see cli/commands.ts). Exit 2 on a
 * usage mistake, 1 when a command fails.
 */
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { BUREAU_COMMANDS } from './cli/commands.js';

const program = new Command('bureau').description("The provincial bureau's adapter to the hub").exitOverride();
for (const register of BUREAU_COMMANDS) register(program);

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
