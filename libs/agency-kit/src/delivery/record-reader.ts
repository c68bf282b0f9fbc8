import { isUuid } from '@hub/contracts';

/** One field the adapter cannot use: where, and which rule it broke. */
export interface RecordIssue {
  readonly path: string;
  readonly rule: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads the fields the adapter stores out of a parsed record, checking each as it goes and
 * collecting every broken one with its path (`data.holder.birthDate`) and rule (`isCalendarDate`).
 * A broken field reads as an empty value; callers use the values only when `issues` is empty.
 */
export class RecordReader {
  readonly issues: RecordIssue[] = [];

  constructor(private readonly root: unknown) {}

  /** A non-empty string of at most `maxLength` characters (code points, as the hub and PostgreSQL count them). */
  text(path: string, maxLength = 500): string {
    const value = this.at(path);
    if (typeof value !== 'string') return this.broken(path, 'isString', '');
    if (value.trim() === '') return this.broken(path, 'isNotEmpty', '');
    if (value.length > maxLength && codePoints(value) > maxLength) return this.broken(path, 'maxLength', '');
    return value;
  }

  /** A string matching `pattern`; the rule names the pattern. */
  matching(path: string, pattern: RegExp): string {
    const value = this.at(path);
    if (typeof value !== 'string') return this.broken(path, 'isString', '');
    return pattern.test(value) ? value : this.broken(path, `matches ${String(pattern)}`, '');
  }

  /** One of `allowed`. */
  oneOf<T extends string>(path: string, allowed: readonly T[]): T {
    const value = this.at(path);
    return allowed.includes(value as T) ? (value as T) : this.broken(path, `isIn [${allowed.join(', ')}]`, '' as T);
  }

  uuid(path: string): string {
    const value = this.at(path);
    return isUuid(value) ? value.toLowerCase() : this.broken(path, 'isUuid', '');
  }

  /** A calendar date, `YYYY-MM-DD`, that exists (no 30 February, no year 0). */
  date(path: string): string {
    const value = this.at(path);
    return typeof value === 'string' && isCalendarDate(value) ? value : this.broken(path, 'isCalendarDate', '');
  }

  /** An RFC 3339 date-time with its offset. */
  dateTime(path: string): string {
    const value = this.at(path);
    return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
      ? value
      : this.broken(path, 'isRfc3339', '');
  }

  /** A whole number from `min` to `max`. */
  wholeNumber(path: string, min: number, max: number): number {
    const value = this.at(path);
    return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : this.broken(path, `isInt ${min}..${max}`, 0);
  }

  /** The raw value at `path` (dot-separated, array indexes as numbers), or undefined. */
  at(path: string): unknown {
    let node = this.root;
    for (const segment of path.split('.')) {
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[segment];
    }
    return node;
  }

  private broken<T>(path: string, rule: string, empty: T): T {
    this.issues.push({ path, rule });
    return empty;
  }
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match || Number(match[1]) < 1) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function codePoints(value: string): number {
  return value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}
