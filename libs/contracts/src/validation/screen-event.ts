import type { ValidationIssue } from '../errors/validation-failed.error.js';

/**
 * Member names refused at any depth: JavaScript gives them a meaning of their own (`__proto__`
 * sets an object's prototype, `constructor` and `prototype` reach its class), so an object
 * carrying them reads differently in different places (a validator, a spread copy, the stored
 * JSON) and what was signed is not what is stored.
 */
export const FORBIDDEN_MEMBER_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** More members than any contract object has: the event is refused before its fields are checked one by one. */
export const MAX_MEMBERS_PER_OBJECT = 100;
/** More items than any contract array holds. */
export const MAX_ITEMS_PER_ARRAY = 1000;

// eslint-disable-next-line no-control-regex -- matching control characters is the point of this check
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks every string and container of an event before the contract is: no member is named as in
 * FORBIDDEN_MEMBER_NAMES; no string holds a control
 * character (NUL included) or a lone surrogate, which no agency's database stores; no object has
 * more than MAX_MEMBERS_PER_OBJECT members, no array more than MAX_ITEMS_PER_ARRAY items (no
 * contract has that many, so the contract check would only list them one by one). Iterative, and
 * stops at `maxIssues`, so no input makes it slow or deep.
 */
export function screenEvent(input: unknown, maxIssues: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const pending: [unknown, string][] = [[input, '']];
  while (pending.length > 0 && issues.length < maxIssues) {
    const [value, path] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value)) issues.push(issue(path, 'hasNoControlCharacters', 'must not contain control characters'));
      else if (LONE_SURROGATE.test(value)) issues.push(issue(path, 'isWellFormedUnicode', 'must not contain a lone UTF-16 surrogate'));
    } else if (Array.isArray(value)) {
      if (value.length > MAX_ITEMS_PER_ARRAY) issues.push(issue(path, 'arrayMaxSize', `must hold at most ${MAX_ITEMS_PER_ARRAY} items`));
      else for (let i = value.length - 1; i >= 0; i -= 1) pending.push([value[i], `${path}[${i}]`]);
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      if (keys.length > MAX_MEMBERS_PER_OBJECT) {
        issues.push(
          issue(path, 'maxMembers', `has ${keys.length} members; no object of a contract has more than ${MAX_MEMBERS_PER_OBJECT}`),
        );
      } else {
        for (let i = keys.length - 1; i >= 0; i -= 1) {
          const key = keys[i] as string;
          const at = path ? `${path}.${key}` : key;
          if (FORBIDDEN_MEMBER_NAMES.has(key)) issues.push(issue(at, 'allowedMemberName', 'is a member name not allowed in any object'));
          else pending.push([(value as Record<string, unknown>)[key], at]);
        }
      }
    }
  }
  return issues;
}

function issue(path: string, rule: string, what: string): ValidationIssue {
  return { path, rule, message: `${path || 'the event'} ${what}` };
}
