import { findCode, type CodeList } from '../code-lists/code-list.js';
import { provinceOf } from '../code-lists/provinces.js';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** C0/C1 control characters (tab, newline and the rest) have no place in a name or a code. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this rule
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/u;

/** A real calendar date written `YYYY-MM-DD` (2023-02-30 fails). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isCalendarDate',
    (value) => typeof value === 'string' && isCalendarDate(value),
    '$property must be a real date written YYYY-MM-DD',
    options,
  );
}

/** A date string later than the date in `otherProperty` of the same object. */
export function IsAfterProperty(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isAfterProperty',
    (value, args) => {
      const other: unknown = (args.object as Record<string, unknown>)[otherProperty];
      if (typeof value !== 'string' || typeof other !== 'string' || !isCalendarDate(other)) return true;
      return value > other;
    },
    `$property must be later than ${otherProperty}`,
    options,
  );
}

/** Printable text only: any script (CJK beyond the basic plane, Latin with diacritics), no control characters. */
export function HasNoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'hasNoControlCharacters',
    (value) => typeof value !== 'string' || !CONTROL_CHARACTERS.test(value),
    '$property must not contain control characters',
    options,
  );
}

/** A code from a published code list (e.g. NATIONALITIES); the message names the list and its version. */
export function IsInCodeList(list: CodeList, options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isInCodeList',
    (value) => typeof value === 'string' && findCode(list, value) !== undefined,
    `$property must be a code of the ${list.name} list v${list.version} (${list.source})`,
    options,
  );
}

/** A six-digit GB/T 2260 division code within a known province (`310000`, `310115`). */
export function IsGbT2260Region(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isGbT2260Region',
    (value) => typeof value === 'string' && provinceOf(value) !== undefined,
    '$property must be a six-digit GB/T 2260 division code of a province-level division, such as 310000',
    options,
  );
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(value: string): boolean {
  if (value.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

function rule(
  name: string,
  test: (value: unknown, args: ValidationArguments) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate: test },
    });
  };
}
