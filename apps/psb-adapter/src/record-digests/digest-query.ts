import { ValidationFailedError, type ValidationIssue } from '@hub/contracts';

/**
 * `GET /v1/records/digests`: the query the hub's endpoint of the same name takes (domain, months,
 * keyset page), plus `agency`, the bureau whose records are asked for (the caller's own by default).
 */
export interface DigestQuery {
  readonly agency?: string;
  readonly domain: 'work-permit';
  readonly from: string;
  readonly to: string;
  /** `<region>:<month>` of the last bucket of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

/** `GET /v1/records/digests/{region}/{month}`: one bucket's records, a page at a time. */
export interface BucketQuery {
  readonly agency?: string;
  readonly domain: 'work-permit';
  readonly region: string;
  readonly month: string;
  /** The last record id of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGION = /^[1-8]\d{5}$/;
const RECORD_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const AGENCY = /^[a-z]{2,20}(-\d{6})?$/;
const BUCKETS_LIMIT = { default: 500, max: 5000 };
const RECORDS_LIMIT = { default: 1000, max: 5000 };

type Query = Readonly<Record<string, unknown>>;

/** Reads and checks the digest query; every bad parameter named in one 400. */
export function digestQueryOf(query: Query): DigestQuery {
  const read = new QueryReader(query, ['agency', 'domain', 'from', 'to', 'after', 'limit']);
  const from = read.text('from', MONTH, 'a month, YYYY-MM') ?? '0000-01';
  const to = read.text('to', MONTH, 'a month, YYYY-MM') ?? '9999-12';
  if (from > to) read.issues.push({ path: 'to', rule: 'notBeforeFrom', message: 'to must not be before from' });
  const after = read.text('after', /^[1-8]\d{5}:\d{4}-\d{2}$/, '<region>:<YYYY-MM>, the next of the previous page');
  const agency = read.text('agency', AGENCY, 'an agency id, e.g. bureau-310000');
  const result = {
    domain: read.domain(),
    from,
    to,
    limit: read.limit(BUCKETS_LIMIT),
    ...(after ? { after } : {}),
    ...(agency ? { agency } : {}),
  };
  read.check();
  return result;
}

/** Reads and checks one bucket's query (region and month from the path). */
export function bucketQueryOf(region: string, month: string, query: Query): BucketQuery {
  const read = new QueryReader(query, ['agency', 'domain', 'after', 'limit']);
  if (!REGION.test(region))
    read.issues.push({ path: 'region', rule: 'isRegionCode', message: 'region must be a GB/T 2260 code, 6 digits' });
  if (!MONTH.test(month)) read.issues.push({ path: 'month', rule: 'isMonth', message: 'month must be YYYY-MM' });
  const after = read.text('after', RECORD_ID, 'a record id, the next of the previous page');
  const agency = read.text('agency', AGENCY, 'an agency id, e.g. bureau-310000');
  const result = {
    domain: read.domain(),
    region,
    month,
    limit: read.limit(RECORDS_LIMIT),
    ...(after ? { after } : {}),
    ...(agency ? { agency } : {}),
  };
  read.check();
  return result;
}

class QueryReader {
  readonly issues: ValidationIssue[] = [];

  constructor(
    private readonly query: Query,
    known: readonly string[],
  ) {
    for (const name of Object.keys(query)) {
      if (!known.includes(name))
        this.issues.push({ path: name, rule: 'unknownParameter', message: `${name} is not a parameter here (${known.join(', ')})` });
    }
  }

  text(name: string, pattern: RegExp, what: string): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && pattern.test(value)) return value;
    this.issues.push({ path: name, rule: 'matches', message: `${name} must be ${what}` });
    return undefined;
  }

  /** Public security holds work permits only. */
  domain(): 'work-permit' {
    const value = this.query['domain'];
    if (value !== undefined && value !== 'work-permit')
      this.issues.push({
        path: 'domain',
        rule: 'isIn',
        message: 'domain must be work-permit: public security’s adapter holds work permits only',
      });
    return 'work-permit';
  }

  limit(bounds: { readonly default: number; readonly max: number }): number {
    const value = this.query['limit'];
    if (value === undefined) return bounds.default;
    const n = Number(value);
    if (typeof value === 'string' && /^\d+$/.test(value) && n >= 1 && n <= bounds.max) return n;
    this.issues.push({ path: 'limit', rule: 'isInt', message: `limit must be a whole number from 1 to ${bounds.max}` });
    return bounds.default;
  }

  check(): void {
    if (this.issues.length > 0) throw new ValidationFailedError(this.issues);
  }
}
