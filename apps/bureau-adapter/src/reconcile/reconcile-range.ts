/** The business months a reconciliation compares (YYYY-MM, both included); open ends compare everything. */
export interface ReconcileRange {
  readonly from?: string;
  readonly to?: string;
}

/** A bad month or range; `option` is the name the caller gave it (`--from` on the command line, `from` in the API). */
export class ReconcileRangeError extends RangeError {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Checks the months; throws ReconcileRangeError naming the option and the rule. */
export function reconcileRangeOf(from: string | undefined, to: string | undefined, names = { from: '--from', to: '--to' }): ReconcileRange {
  for (const [name, value] of [
    [names.from, from],
    [names.to, to],
  ] as const) {
    if (value !== undefined && !MONTH.test(value))
      throw new ReconcileRangeError(name, `${name} must be a month, YYYY-MM (e.g. 2025-01); got "${value}"`);
  }
  if (from && to && from > to) throw new ReconcileRangeError(names.to, `${names.to} (${to}) must not be before ${names.from} (${from})`);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
