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

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
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
