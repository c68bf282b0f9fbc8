import type { ValidationError } from 'class-validator';
import type { ValidationIssue } from '../errors/validation-failed.error.js';

/** Flattens class-validator's error tree into one issue per broken rule, with dotted field paths. */
export function toIssues(errors: readonly ValidationError[], prefix = ''): ValidationIssue[] {
  return errors.flatMap((error) => {
    const path = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      path,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message: rule === 'whitelistValidation' ? `${path} is not a field of this contract` : message.replace(error.property, path),
    }));
    return [...own, ...toIssues(error.children ?? [], path)];
  });
}
