import type { ValidationIssue } from '@hub/contracts';
import { AdminInputInvalidError } from '../../kernel/index.js';

/** `GET /v1/records/digests`: which domain, which months (YYYY-MM, both included), which page. */
export interface DigestQuery {
  readonly domain: string;
  readonly from: string;
  readonly to: string;
  /** `<region>:<month>` of the last bucket of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

/** `GET /v1/records/digests/{region}/{month}`: one bucket's records, a page at a time. */
export interface BucketQuery {
  readonly domain: string;
  readonly region: string;
  readonly month: string;
  /** The last record id of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

const DOMAIN = /^[a-z][a-z-]{1,39}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGION = /^[1-8]\d{5}$/;
const RECORD_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const BUCKETS_LIMIT = { default: 500, max: 5000 };
const RECORDS_LIMIT = { default: 1000, max: 5000 };

type Query = Readonly<Record<string, unknown>>;

/** Reads and checks the digest query; every bad parameter named in one 400. */
export function digestQueryOf(query: Query): DigestQuery {
  const issues: ValidationIssue[] = [];
  const read = new Reader(query, issues, ['domain', 'from', 'to', 'after', 'limit']);
  const from = read.text('from', MONTH, 'a month, YYYY-MM', '月份，格式 YYYY-MM') ?? '0000-01';
  const to = read.text('to', MONTH, 'a month, YYYY-MM', '月份，格式 YYYY-MM') ?? '9999-12';
  if (from > to) issues.push(issue('to', 'notBeforeFrom', 'to must not be before from', 'to 不得早于 from'));
  const after = read.text('after', /^[1-8]\d{5}:\d{4}-\d{2}$/, '<region>:<YYYY-MM>, the next of the previous page', '上一页返回的 next 值');
  const result = { domain: read.domain(), from, to, limit: read.limit(BUCKETS_LIMIT), ...(after ? { after } : {}) };
  if (issues.length > 0) throw new AdminInputInvalidError(issues);
  return result;
}

/** Reads and checks one bucket's query (region and month from the path). */
export function bucketQueryOf(region: string, month: string, query: Query): BucketQuery {
  const issues: ValidationIssue[] = [];
  const read = new Reader(query, issues, ['domain', 'after', 'limit']);
  if (!REGION.test(region))
    issues.push(issue('region', 'isRegionCode', 'region must be a GB/T 2260 code, 6 digits', 'region 须为 6 位行政区划代码'));
  if (!MONTH.test(month)) issues.push(issue('month', 'isMonth', 'month must be YYYY-MM', 'month 须为 YYYY-MM 格式'));
  const after = read.text('after', RECORD_ID, 'a record id, the next of the previous page', '上一页返回的 next 值');
  const result = { domain: read.domain(), region, month, limit: read.limit(RECORDS_LIMIT), ...(after ? { after } : {}) };
  if (issues.length > 0) throw new AdminInputInvalidError(issues);
  return result;
}

class Reader {
  constructor(
    private readonly query: Query,
    private readonly issues: ValidationIssue[],
    known: readonly string[],
  ) {
    for (const name of Object.keys(query)) {
      if (!known.includes(name))
        issues.push(issue(name, 'unknownParameter', `${name} is not a parameter here (${known.join(', ')})`, `${name} 不是可用参数`));
    }
  }

  text(name: string, pattern: RegExp, what: string, whatZh: string): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && pattern.test(value)) return value;
    this.issues.push(issue(name, 'matches', `${name} must be ${what}`, `${name} 须为${whatZh}`));
    return undefined;
  }

  domain(): string {
    return this.text('domain', DOMAIN, 'an event domain, e.g. work-permit', '事件领域，例如 work-permit') ?? 'work-permit';
  }

  limit(bounds: { readonly default: number; readonly max: number }): number {
    const value = this.query['limit'];
    if (value === undefined) return bounds.default;
    const n = Number(value);
    if (typeof value === 'string' && Number.isInteger(n) && n >= 1 && n <= bounds.max) return n;
    this.issues.push(
      issue('limit', 'isInt', `limit must be a whole number from 1 to ${bounds.max}`, `limit 须为 1 至 ${bounds.max} 的整数`),
    );
    return bounds.default;
  }
}

function issue(path: string, rule: string, message: string, messageZh: string): ValidationIssue {
  return { path, rule, message, messageZh };
}
