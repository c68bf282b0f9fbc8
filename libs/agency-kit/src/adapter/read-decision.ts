import { ValidationFailedError } from '@hub/contracts';
import { RecordReader } from '../delivery/record-reader.js';

/**
 * Reads a posted decision with a RecordReader (the same checks an adapter reads events with); throws
 * ValidationFailedError (400) naming each broken field's path and rule when any is.
 */
export function readDecision<D>(body: unknown, read: (reader: RecordReader) => D): D {
  const reader = new RecordReader(body);
  const decision = read(reader);
  if (reader.issues.length > 0) {
    throw new ValidationFailedError(
      reader.issues.map(({ path, rule }) => ({
        path,
        rule,
        message: `${path} breaks the rule ${rule}: correct it and post the decision again`,
      })),
    );
  }
  return decision;
}
