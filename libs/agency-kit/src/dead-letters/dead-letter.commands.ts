import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import type { DeadLetterStore } from './dead-letters.controller.js';
import { DeadLetterRequestInvalidError, readDeadLetterId, readDiscardRequest, readListLimit } from './dead-letter-requests.js';
import { discardDeadLetter, listDeadLetters, redriveDeadLetters } from './dead-letters.js';

/** How an adapter's CLI reaches its dead letters: `open(fail)` connects (or calls `fail` naming the missing setting). */
export interface DeadLetterCommandPorts {
  open(fail: (message: string) => never): Promise<DeadLetterStore & { close(): Promise<void> }>;
}

/**
 * The dead-letter commands every adapter's CLI has, one registration each:
 * `dead-letters [--limit n] [--json]`, `redrive [--id n ...]` and `discard <id> --reason <text> [--by name]`.
 * A usage mistake exits 2 naming the option and its rule.
 */
export function deadLetterCommands(ports: DeadLetterCommandPorts): ((program: Command) => void)[] {
  const withStore = async (program: Command, work: (store: DeadLetterStore) => Promise<void>): Promise<void> => {
    const store = await ports.open((message) => program.error(message, { exitCode: 2 }));
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };
  const checked = <T>(program: Command, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (error instanceof DeadLetterRequestInvalidError) program.error(error.issues.map((i) => i.message).join('; '), { exitCode: 2 });
      throw error;
    }
  };
  return [
    (program: Command) => {
      program
        .command('dead-letters')
        .description('the dead letters held (records of the inbound topic that could not be applied), newest first')
        .addOption(new Option('--limit <n>', 'how many').default('100'))
        .option('--json', 'print JSON instead of text')
        .action(async (options: { limit: string; json?: boolean }) => {
          const limit = checked(program, () => readListLimit(options.limit));
          await withStore(program, async ({ db }) => {
            const deadLetters = await listDeadLetters(db, limit);
            if (options.json) console.log(JSON.stringify({ deadLetters }, null, 2));
            else if (deadLetters.length === 0) console.log('no dead letters');
            else
              for (const d of deadLetters)
                console.log(`dead letter ${d.id} ${d.createdAt} ${d.topic}/${d.partition}@${d.offset} ${d.errorCode}: ${d.errorMessage}`);
          });
        });
    },
    (program: Command) => {
      program
        .command('redrive')
        .description('apply dead letters of the inbound topic again (all, or --id), after the reader, the data or the database was fixed')
        .option('--id <id...>', 'dead letter ids (see dead-letters)')
        .action(async (options: { id?: string[] }) => {
          const ids = checked(program, () => (options.id ?? []).map(readDeadLetterId));
          await withStore(program, async ({ db, redriving }) => {
            const result = await redriveDeadLetters(db, redriving, ids);
            console.log(`redriven ${result.redriven}: applied ${result.recovered}, dead-lettered again ${result.deadLetteredAgain}`);
          });
        });
    },
    (program: Command) => {
      program
        .command('discard')
        .description('give up a dead letter: it is kept, marked discarded with the reason, and leaves the lists and redrives')
        .argument('<id>', 'dead letter id (see dead-letters)')
        .requiredOption('--reason <text>', 'why it is given up (1–500 characters)')
        .option('--by <name>', 'who gives it up', userInfo().username)
        .action(async (id: string, options: { reason: string; by: string }) => {
          const deadLetter = checked(program, () => readDeadLetterId(id));
          const { reason } = checked(program, () => readDiscardRequest({ reason: options.reason }));
          await withStore(program, async ({ db }) => {
            const discarded = await discardDeadLetter(db, deadLetter, reason, options.by);
            if (!discarded) throw new Error(`No dead letter ${deadLetter} is held (applied by a redrive, or discarded): list them again.`);
            console.log(`dead letter ${discarded.id} discarded by ${discarded.resolvedBy}: ${discarded.reason}`);
          });
        });
    },
  ];
}
