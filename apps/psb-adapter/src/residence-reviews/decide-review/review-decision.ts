import { ValidationFailedError, type ValidationIssue } from '@hub/contracts';

/** An officer's decision on a residence review, as posted. */
export type ReviewDecision =
  | {
      readonly decision: 'shortened';
      readonly residencePermitNo: string;
      readonly decidedOn: string;
      readonly previousValidTo: string;
      readonly validTo: string;
      readonly reason: string;
      readonly remarks?: string;
    }
  | {
      readonly decision: 'cancelled';
      readonly residencePermitNo: string;
      readonly decidedOn: string;
      readonly reason: string;
      readonly remarks?: string;
    }
  | {
      readonly decision: 'renewed';
      readonly residencePermitNo: string;
      readonly previousPermitNo?: string;
      readonly decidedOn: string;
      readonly previousValidTo: string;
      readonly validTo: string;
      readonly purpose: string;
    };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERMIT_NO = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
const CODE = /^[a-z][a-z0-9-]{0,59}$/;
const FIELDS: Readonly<Record<ReviewDecision['decision'], readonly string[]>> = {
  shortened: ['residencePermitNo', 'decidedOn', 'previousValidTo', 'validTo', 'reason'],
  cancelled: ['residencePermitNo', 'decidedOn', 'reason'],
  renewed: ['residencePermitNo', 'decidedOn', 'previousValidTo', 'validTo', 'purpose'],
};
const RULES: Readonly<Record<string, readonly [RegExp, string, string]>> = {
  residencePermitNo: [PERMIT_NO, 'a residence permit number, 1–20 of A-Z 0-9 -', '居留许可证号，1–20 位大写字母、数字或 -'],
  previousPermitNo: [PERMIT_NO, 'a residence permit number, 1–20 of A-Z 0-9 -', '居留许可证号，1–20 位大写字母、数字或 -'],
  decidedOn: [DATE, 'a date, YYYY-MM-DD', '日期，格式 YYYY-MM-DD'],
  previousValidTo: [DATE, 'a date, YYYY-MM-DD', '日期，格式 YYYY-MM-DD'],
  validTo: [DATE, 'a date, YYYY-MM-DD', '日期，格式 YYYY-MM-DD'],
  reason: [CODE, 'a code of the contract’s reason list', '合同原因代码表中的代码'],
  purpose: [CODE, 'a code of the residence-purpose list', '居留事由代码表中的代码'],
};

/**
 * Reads a decision body: `decision` one of shortened, cancelled, renewed, and the fields it needs,
 * each checked by rule; throws ValidationFailedError naming every path and rule (en and zh). The
 * contract's own validation (code lists, dates) runs again on the event made from it.
 */
export function parseReviewDecision(body: unknown): ReviewDecision {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const decision = input['decision'];
  if (decision !== 'shortened' && decision !== 'cancelled' && decision !== 'renewed') {
    throw new ValidationFailedError([
      {
        path: 'decision',
        rule: 'enum',
        message: 'decision must be one of shortened, cancelled, renewed',
        messageZh: 'decision 必须是 shortened、cancelled 或 renewed 之一',
      },
    ]);
  }
  const issues: ValidationIssue[] = [];
  const optional = ['remarks', 'previousPermitNo'];
  for (const field of [...FIELDS[decision], ...optional]) {
    const value = input[field];
    if (value === undefined && optional.includes(field)) continue;
    if (field === 'remarks') {
      if (typeof value !== 'string' || value.length > 500 || /\p{Cc}/u.test(value))
        issues.push({
          path: field,
          rule: 'text',
          message: 'remarks must be text of at most 500 characters, no control characters',
          messageZh: 'remarks 须为不超过 500 字的文本，不含控制字符',
        });
      continue;
    }
    const [pattern, en, zh] = RULES[field] ?? [/^$/, '', ''];
    if (typeof value !== 'string' || !pattern.test(value)) {
      issues.push({
        path: field,
        rule: value === undefined ? 'required' : 'pattern',
        message: `${field} ${value === undefined ? 'is required' : 'must be'} ${en}`,
        messageZh: `${field}${value === undefined ? '为必填项：' : '须为'}${zh}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationFailedError(issues);
  return { ...input, decision } as unknown as ReviewDecision;
}
