/**
 * `npm run bureau -- <command>`: the bureau adapter's commands. Each command registers itself on
 * the program (see BUREAU_COMMANDS); exit 2 on a usage mistake.
 */
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerImportCommand } from './import/import.command.js';

/** Every command of the bureau CLI, each a function that adds itself to the program. */
const BUREAU_COMMANDS: readonly ((program: Command) => void)[] = [registerImportCommand];

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('bureau').description("The provincial bureau's adapter to the hub").exitOverride();
  for (const register of BUREAU_COMMANDS) register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  }
}

await main(process.argv.slice(2));
