import { registerImportCommand } from '../import/import.command.js';
import { BUREAU_DEAD_LETTER_COMMANDS } from '../inbound/dead-letter.commands.js';
import { reconcileCommand } from '../reconcile/reconcile.command.js';
import type { BureauCommand } from './bureau-command.js';
import { statusCommand } from './status.command.js';

/** Every `npm run bureau -- <command>`, one file each; a new command adds one line here. */
export const BUREAU_COMMANDS: readonly BureauCommand[] = [
  // one line per command, in the order `--help` lists them
  registerImportCommand,
  statusCommand,
  ...BUREAU_DEAD_LETTER_COMMANDS,
  reconcileCommand,
];
