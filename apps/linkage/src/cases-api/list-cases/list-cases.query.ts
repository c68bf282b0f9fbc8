import { invalidRequest, isSupervisor, type LinkageCaller, type LinkageIssue } from '../../api-access/index.js';
import { otherAgencyCases } from '../cases-api.errors.js';
import { CASE_STATES, type CaseState } from '../case-view.js';
import { isCalendarDate, issue } from '../request-issues.js';
import { decodeCaseCursor, type CaseCursor } from './case-cursor.js';

/** A checked `GET /v1/cases` query; `agency` is the caller's own for an agency key. */
export interface ListCasesQuery {
  readonly agency?: string;
  readonly province?: string;
  readonly states?: readonly CaseState[];
  readonly kind?: string;
  readonly subject?: string;
  /** Due strictly before this day. */
  readonly dueBefore?: string;
  /** Due strictly after this day. */
  readonly dueAfter?: string;
  readonly limit: number;
  readonly cursor?: CaseCursor;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

const FORMATS: Readonly<Record<string, { readonly format: RegExp; readonly hint: { en: string; zh: string } }>> = {
  agency: { format: /^[a-z]{2,20}(-\d{6})?$/, hint: { en: 'an agency id such as psb-310000', zh: '机构编号，如 psb-310000' } },
  province: { format: /^\d{2}0000$/, hint: { en: 'a GB/T 2260 province code such as 310000', zh: 'GB/T 2260 省级代码，如 310000' } },
  kind: { format: /^[a-z0-9][a-z0-9-]{0,63}$/, hint: { en: 'a case kind such as residence-review', zh: '案件类型，如 residence-review' } },
  subject: { format: /^sub_[0-9a-f]{32}$/, hint: { en: 'a subject id: sub_ and 32 hex digits', zh: '主体编号：sub_ 加 32 位十六进制' } },
};
const KNOWN = new Set(['agency', 'province', 'state', 'kind', 'subject', 'dueBefore', 'dueAfter', 'limit', 'cursor']);

/**
 * Checks the query of `GET /v1/cases` (every broken parameter named at once, 400) and scopes it to
 * the caller: an agency key lists only its own agency's cases (asking for another's is 403).
 */
export function parseListCasesQuery(raw: Readonly<Record<string, unknown>>, caller: LinkageCaller): ListCasesQuery {
  const issues: LinkageIssue[] = [];
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!KNOWN.has(name))
      issues.push(
        issue(`query.${name}`, 'unknownField', { en: `known: ${[...KNOWN].join(', ')}`, zh: `可用参数：${[...KNOWN].join('、')}` }),
      );
    else if (typeof value !== 'string') issues.push(issue(`query.${name}`, 'singleValue'));
    else text[name] = value;
  }
  for (const [name, { format, hint }] of Object.entries(FORMATS)) {
    const value = text[name];
    if (value !== undefined && !format.test(value)) issues.push(issue(`query.${name}`, 'matches', hint));
  }
  const states = text['state']?.split(',');
  if (states?.some((s) => !(CASE_STATES as readonly string[]).includes(s))) {
    issues.push(
      issue('query.state', 'isIn', {
        en: `comma-separated of ${CASE_STATES.join(', ')}`,
        zh: `以逗号分隔，取值 ${CASE_STATES.join('、')}`,
      }),
    );
  }
  for (const name of ['dueBefore', 'dueAfter']) {
    const value = text[name];
    if (value !== undefined && !isCalendarDate(value)) issues.push(issue(`query.${name}`, 'isCalendarDate'));
  }
  const limit = text['limit'] === undefined ? DEFAULT_PAGE_SIZE : Number(text['limit']);
  if (!/^\d{1,4}$/.test(text['limit'] ?? '0')) issues.push(issue('query.limit', 'isInt'));
  else if (limit < 1) issues.push(issue('query.limit', 'min', { en: 'at least 1', zh: '至少 1' }));
  else if (limit > MAX_PAGE_SIZE) issues.push(issue('query.limit', 'max', { en: `at most ${MAX_PAGE_SIZE}`, zh: `至多 ${MAX_PAGE_SIZE}` }));
  const cursor = text['cursor'] === undefined ? undefined : decodeCaseCursor(text['cursor']);
  if (text['cursor'] !== undefined && !cursor)
    issues.push(issue('query.cursor', 'isCursor', { en: 'pass nextCursor as given', zh: '请原样传入 nextCursor' }));
  if (issues.length > 0) throw invalidRequest(issues);

  const agency = scopedAgency(text['agency'], caller);
  return {
    ...(agency ? { agency } : {}),
    ...(text['province'] ? { province: text['province'] } : {}),
    ...(states ? { states: states as CaseState[] } : {}),
    ...(text['kind'] ? { kind: text['kind'] } : {}),
    ...(text['subject'] ? { subject: text['subject'] } : {}),
    ...(text['dueBefore'] ? { dueBefore: text['dueBefore'] } : {}),
    ...(text['dueAfter'] ? { dueAfter: text['dueAfter'] } : {}),
    limit,
    ...(cursor ? { cursor } : {}),
  };
}

function scopedAgency(requested: string | undefined, caller: LinkageCaller): string | undefined {
  if (isSupervisor(caller)) return requested;
  if (requested !== undefined && requested !== caller.agency) throw otherAgencyCases(requested, caller);
  return caller.agency;
}

/**
 * The SQL condition and parameters of a query, ordered by due date (earliest first; cases whose due
 * date could not be counted last), then id: keyset pagination, so a page costs the same however deep.
 */
export function listCasesSql(query: ListCasesQuery, columns: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.agency) where.push(`owner_agency = ${add(query.agency)}`);
  if (query.province) where.push(`province = ${add(query.province)}`);
  if (query.states) where.push(`state = ANY(${add(query.states)}::text[])`);
  if (query.kind) where.push(`kind = ${add(query.kind)}`);
  if (query.subject) where.push(`subject = ${add(query.subject)}`);
  if (query.dueBefore) where.push(`due_date < ${add(query.dueBefore)}::date`);
  if (query.dueAfter) where.push(`due_date > ${add(query.dueAfter)}::date`);
  if (query.cursor?.dueDate === null) where.push(`due_date IS NULL AND id > ${add(query.cursor.id)}::uuid`);
  else if (query.cursor) {
    const due = add(query.cursor.dueDate);
    where.push(`(due_date > ${due}::date OR (due_date = ${due}::date AND id > ${add(query.cursor.id)}::uuid) OR due_date IS NULL)`);
  }
  const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return {
    sql: `SELECT ${columns} FROM cases ${condition} ORDER BY due_date ASC NULLS LAST, id ASC LIMIT ${add(query.limit + 1)}`,
    params,
  };
}
