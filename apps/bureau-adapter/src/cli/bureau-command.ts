import type { Command } from 'commander';

/** One `npm run bureau -- <name>` command: adds itself (name, options, action) to the program. */
export type BureauCommand = (program: Command) => void;
