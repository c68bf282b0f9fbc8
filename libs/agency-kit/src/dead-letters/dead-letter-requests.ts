import { HubError, type ValidationIssue } from '@hub/contracts';

/** An operator's request about dead letters that breaks a rule; answered 400 with each field path and rule. */
export class DeadLetterRequestInvalidError extends HubError {
  constructor(readonly issues: readonly Required<ValidationIssue>[]) {
    super(
      'DEAD_LETTER_REQUEST_INVALID',
      `The dead-letter request is invalid: ${issues.map((i) => `${i.path} (${i.rule})`).join(', ')}. Fix these and send it again.`,
      { retriable: false },
    );
  }
}

/** No dead letter still held under that id; answered 404. */
export class DeadLetterNotFoundError extends HubError {
  constructor(id: number) {
    super('NOT_FOUND', `No dead letter ${id} is held (never parked, applied by a redrive, or discarded): list them again.`, {
      retriable: false,
    });
  }
}

const MAX_REASON = 500;

function wholeNumberIssue(path: string, max = Number.MAX_SAFE_INTEGER): Required<ValidationIssue> {
  const range = max === Number.MAX_SAFE_INTEGER ? 'a whole number of at least 1' : `a whole number from 1 to ${max}`;
  const rangeZh = max === Number.MAX_SAFE_INTEGER ? '不小于 1 的整数' : `1 到 ${max} 的整数`;
  return { path, rule: 'wholeNumber', message: `${path} must be ${range}`, messageZh: `${path} 必须是${rangeZh}` };
}

function isWholeNumber(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= max;
}

/** `?limit=` of a list: 1–1000, 100 when absent. */
export function readListLimit(limit: string | undefined): number {
  if (limit === undefined) return 100;
  const n = /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!isWholeNumber(n, 1000)) throw new DeadLetterRequestInvalidError([wholeNumberIssue('limit', 1000)]);
  return n;
}

/** A dead letter's id in a path (`/dead-letters/{id}/discard`). */
export function readDeadLetterId(id: string): number {
  const n = /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  if (!isWholeNumber(n)) throw new DeadLetterRequestInvalidError([wholeNumberIssue('id')]);
  return n;
}

/** A redrive's body: `{ "ids": [n, …] }` for those dead letters, `{}` (or no `ids`) for every one held. */
export function readRedriveRequest(body: unknown): number[] {
  const ids = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['ids'] : undefined;
  if (ids === undefined) return [];
  if (!Array.isArray(ids) || ids.length > 1000) {
    throw new DeadLetterRequestInvalidError([
      {
        path: 'ids',
        rule: 'array',
        message: 'ids must be a list of at most 1000 dead letter ids (leave it out to redrive every one)',
        messageZh: 'ids 必须是不超过 1000 个死信编号的列表（省略则重新投递全部）',
      },
    ]);
  }
  const issues = ids.flatMap((id: unknown, index) => (isWholeNumber(id) ? [] : [wholeNumberIssue(`ids[${index}]`)]));
  if (issues.length > 0) throw new DeadLetterRequestInvalidError(issues);
  return ids as number[];
}

/** A discard's body: `{ "reason": "…" }`, 1–500 characters of text, no control characters. */
export function readDiscardRequest(body: unknown): { reason: string } {
  const reason = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['reason'] : undefined;
  if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > MAX_REASON || /\p{Cc}/u.test(reason)) {
    throw new DeadLetterRequestInvalidError([
      {
        path: 'reason',
        rule: 'text',
        message: `reason must say why the record is given up: text of 1–${MAX_REASON} characters, no control characters`,
        messageZh: `reason 须说明放弃该记录的原因：1–${MAX_REASON} 字的文本，不含控制字符`,
      },
    ]);
  }
  return { reason: reason.trim() };
}
