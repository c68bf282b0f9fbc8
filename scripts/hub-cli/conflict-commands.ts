import type { Command } from 'commander';
import { UsageError, type Leaf } from './command-kit.js';

const RESOLUTIONS = ['accept-incoming', 'keep-current'];

/** `conflicts list|show|resolve`: the record-version conflict queue (admin token; resolve needs HUB_ADMIN_ID). */
export function conflictCommands(conflicts: Command, leaf: Leaf): void {
  leaf(conflicts, 'list', 'conflicts, newest first', (_, values) => {
    const given = Object.entries({
      state: values['state'],
      agency: values['agency'],
      recordKey: values['recordKey'],
      recordId: values['recordId'],
      limit: values['limit'],
      cursor: values['cursor'],
    }).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    return { method: 'GET', path: `/v1/admin/record-conflicts${given.length > 0 ? `?${new URLSearchParams(given).toString()}` : ''}` };
  })
    .option('--state <state>', 'open, accepted or rejected')
    .option('--agency <id>', 'the holding or the incoming agency')
    .option('--record-key <key>', 'the record (rec_…)')
    .option('--record-id <id>', "an agency's own record id")
    .option('--limit <n>', 'at most this many')
    .option('--cursor <c>', 'the next page');
  leaf(conflicts, 'show <id>', 'one conflict: both versions and the fields that differ', ([id]) => ({
    method: 'GET',
    path: `/v1/admin/record-conflicts/${id}`,
  }));
  leaf(
    conflicts,
    'resolve <id> <resolution>',
    'accept-incoming (store and route the held change) or keep-current (refuse it)',
    ([id, resolution], values) => {
      const chosen = decodeURIComponent(resolution ?? '');
      if (!RESOLUTIONS.includes(chosen)) throw new UsageError(`conflicts resolve needs accept-incoming or keep-current, not ${chosen}.`);
      return {
        method: 'POST',
        path: `/v1/admin/record-conflicts/${id}/resolve`,
        body: { resolution: chosen, note: values['note'] as string },
      };
    },
  ).requiredOption('--note <text>', 'why, kept with the conflict and told to the publisher');
}
