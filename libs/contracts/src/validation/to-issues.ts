import type { ValidationError } from 'class-validator';
import type { ValidationIssue } from '../errors/validation-failed.error.js';

/**
 * Flattens class-validator's error tree into one issue per broken rule, with dotted field paths.
 * Appends to `into` (never spreads a list into arguments, so any number of issues is safe).
 */
export function toIssues(errors: readonly ValidationError[], prefix = '', into: ValidationIssue[] = []): ValidationIssue[] {
  for (const error of errors) {
    const path = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      into.push({
        path,
        rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
        message: rule === 'whitelistValidation' ? `${path} is not a field of this contract` : message.replace(error.property, path),
      });
    }
    toIssues(error.children ?? [], path, into);
  }
  return into;
}
