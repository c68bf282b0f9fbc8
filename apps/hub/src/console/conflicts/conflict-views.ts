import type { RecordConflict } from '../../events/index.js';
import { maskIdentifiers } from '../kernel/mask-identifiers.js';
import type { ConsoleRole } from '../operators/console-operator.js';

/**
 * A conflict as a console role sees it: operators as the queue holds it (raw identifiers are masked
 * in the queue already), viewers with every changed value under an identifying field masked too,
 * as the other console pages mask (the browser never receives the value).
 */
export function conflictView(conflict: RecordConflict, role: ConsoleRole): RecordConflict {
  if (role === 'operator') return conflict;
  return {
    ...conflict,
    diff: conflict.diff.map((change) => {
      const leaf = change.path.split('.').at(-1) ?? change.path;
      const masked = (value: unknown): unknown => (maskIdentifiers({ [leaf]: value }) as Record<string, unknown>)[leaf];
      return {
        path: change.path,
        ...('held' in change ? { held: masked(change.held) } : {}),
        ...('incoming' in change ? { incoming: masked(change.incoming) } : {}),
      };
    }),
  };
}
