import { toIssues, type ValidationIssue } from '@hub/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { AdminInputInvalidError } from './admin.errors.js';

/** Unknown fields are refused, not dropped: a typo in a field name must not pass as "not given". */
export const STRICT_INPUT: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** `the body must be a JSON object`, or the same of the field at `prefix`. */
export function notAnObject(prefix = '', hint = ''): AdminInputInvalidError {
  return new AdminInputInvalidError([{ path: prefix, rule: 'isObject', message: `${prefix || 'the body'} must be a JSON object${hint}` }]);
}

/**
 * Flattens class-validator's errors into one issue per broken rule, with dotted field paths
 * (`document.publish[0].eventTypes[1]`) under `prefix`; a field the DTO does not name is
 * `unknownField`.
 */
export function inputIssues(errors: readonly ValidationError[], prefix = ''): ValidationIssue[] {
  return toIssues(errors, prefix).map((issue) =>
    issue.rule === 'unknownField' ? { ...issue, message: `${issue.path} is not a field of this request` } : issue,
  );
}

/**
 * Reads input that does not arrive as a request body (the policy file, a document inside a body)
 * into its DTO class and checks it with the same rules and issues as the ValidationPipe, under
 * `prefix`; anything wrong throws one AdminInputInvalidError (400).
 */
export function validateInput<T extends object>(type: new () => T, input: unknown, prefix = ''): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw notAnObject(prefix);
  const instance = plainToInstance(type, input);
  const errors = validateSync(instance, STRICT_INPUT);
  if (errors.length > 0) throw new AdminInputInvalidError(inputIssues(errors, prefix));
  return instance;
}
