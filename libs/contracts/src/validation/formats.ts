/**
 * Formats that several parts of the hub check outside a contract class (path parameters, headers,
 * receipts, rows), spelled once so they cannot drift apart.
 */

/** A UUID in its canonical text form (8-4-4-4-12 hex digits), any version, either case. */
export const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID (checked before it reaches a uuid column, which would refuse it with a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_FORMAT.test(value);
}

/** A Lifelong Foreigner's Work Permit number: 18 digits. */
export const WORK_PERMIT_NO_FORMAT = /^\d{18}$/;
