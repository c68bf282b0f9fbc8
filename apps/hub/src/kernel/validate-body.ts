import type { ValidationIssue } from '@hub/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AdminInputInvalidError } from './admin.errors.js';

/**
 * Reads a request body into its DTO class and checks it: every broken rule becomes an issue with
 * a dotted field path (`document.publish[0].eventTypes[1]`), fields the DTO does not name are
 * refused as `unknownField`, and anything wrong throws one AdminInputInvalidError (400).
 */
export function validateBody<T extends object>(type: new () => T, body: unknown, prefix = ''): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AdminInputInvalidError([{ path: prefix, rule: 'isObject', message: `${prefix || 'the body'} must be a JSON object` }]);
  }
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new AdminInputInvalidError(issuesOf(errors, prefix));
  return instance;
}

function issuesOf(errors: readonly ValidationError[], prefix: string): ValidationIssue[] {
  return errors.flatMap((error) => {
    const path = !prefix ? error.property : /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation'
        ? { path, rule: 'unknownField', message: `${path} is not a field of this request` }
        : { path, rule, message: message.replace(error.property, path) },
    );
    return [...own, ...issuesOf(error.children ?? [], path)];
  });
}
