import { Command, CommanderError, InvalidArgumentError } from 'commander';

/** A parsed `linkage` command line. */
export type LinkageCommand =
  | { readonly command: 'rebuild'; readonly asOf: string | undefined }
  | { readonly command: 'rules' }
  | { readonly command: 'help'; readonly text: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string): string {
  if (
    !DAY.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new InvalidArgumentError('--as-of must be a calendar day, YYYY-MM-DD (e.g. 2026-06-30).');
  }
  return value;
}

/** Parses `rebuild [--as-of YYYY-MM-DD]`; throws CommanderError with the usage on a mistake. */
export function parseLinkageCommand(argv: readonly string[]): LinkageCommand {
  let parsed: LinkageCommand | undefined;
  let help = '';
  const program = new Command('npm run linkage --')
    .description("The linkage service's maintenance commands (DATABASE_URL names the service's database).")
    .exitOverride()
    .configureOutput({ writeOut: (text) => (help += text), writeErr: (text) => (help += text) });
  program
    .command('rebuild')
    .description(
      'Empty the derived tables (chains, decisions, cases, the service’s own case actions) and make them again by replaying linkage_inbox, the overdue checks and people’s case actions; publishes nothing.',
    )
    .option('--as-of <day>', 'the day (Asia/Shanghai) of the last overdue check; default today', day)
    .action((options: { asOf?: string }) => {
      parsed = { command: 'rebuild', asOf: options.asOf };
    });
  program
    .command('rules')
    .description('Print the rule book as the Markdown a policy officer reads (apps/linkage/RULES.md).')
    .action(() => {
      parsed = { command: 'rules' };
    });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.help')) {
      return { command: 'help', text: help };
    }
    throw error;
  }
  if (!parsed) return { command: 'help', text: program.helpInformation() };
  return parsed;
}
