import { findCode, type CodeList } from '../code-lists/code-list.js';
import { PROVINCES } from '../code-lists/provinces.js';
import { REGIONS } from '../code-lists/regions.js';
import { addCrossFieldRule, addSchemaFragment, markOptional, type SchemaFragment } from '../schema/annotations.js';
import { registerDecorator, ValidateIf, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** C0/C1 control characters (tab, newline and the rest) have no place in a name or a code. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this rule
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/u;
const NO_CONTROL_CHARACTERS_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';

const VISIBLE_CHARACTER_PATTERN = '[^\\s\\p{Cc}\\p{Cf}\\p{Z}]';
const VISIBLE_CHARACTER = new RegExp(VISIBLE_CHARACTER_PATTERN, 'u');
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;

/** Code points, not UTF-16 units: a character beyond the basic plane counts once. */
function codePoints(value: string): number {
  const pairs = value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
  return value.length - (pairs?.length ?? 0);
}

/**
 * An optional field: it may be left out, but when present it must pass its rules (null is not
 * "absent"). Use this instead of class-validator's IsOptional, which also lets null through.
 */
export function Optional(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    markOptional(target, String(property));
    ValidateIf((object: Record<string, unknown>) => object[String(property)] !== undefined)(target, property);
  };
}

/** A real calendar date written `YYYY-MM-DD` (2023-02-30 fails). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isCalendarDate',
    (value) => typeof value === 'string' && isCalendarDate(value),
    '$property must be a real date written YYYY-MM-DD',
    { type: 'string', format: 'date' },
    options,
  );
}

/** An RFC 3339 date-time with a time zone offset, such as `2026-03-01T09:30:00+08:00`. */
export function IsRfc3339DateTime(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isRfc3339DateTime',
    (value) => typeof value === 'string' && isRfc3339DateTime(value),
    '$property must be an RFC 3339 date-time with a time zone, such as 2026-03-01T09:30:00+08:00',
    { type: 'string', format: 'date-time' },
    options,
  );
}

/** A date later than the date in `otherProperty` of the same object. */
export function IsAfterProperty(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return compareDates('isAfterProperty', otherProperty, (value, other) => value > other, 'later than', '晚于', options);
}

/** A date no earlier than the date in `otherProperty` of the same object. */
export function IsNotBeforeProperty(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return compareDates('isNotBeforeProperty', otherProperty, (value, other) => value >= other, 'on or after', '不早于', options);
}

/** A date earlier than the date in `otherProperty` of the same object. */
export function IsBeforeProperty(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return compareDates('isBeforeProperty', otherProperty, (value, other) => value < other, 'earlier than', '早于', options);
}

/** Printable text only: any script (CJK beyond the basic plane, Latin with diacritics), no control characters. */
export function HasNoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'hasNoControlCharacters',
    (value) => typeof value !== 'string' || !CONTROL_CHARACTERS.test(value),
    '$property must not contain control characters',
    { pattern: NO_CONTROL_CHARACTERS_PATTERN },
    options,
  );
}

/**
 * Something to read: at least one character that is not white space (including no-break, line and
 * paragraph separators), a control or a format character (bidi controls, zero-width characters).
 * A name of only such characters shows as nothing, and no agency's system can record it.
 */
export function HasVisibleCharacters(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'hasVisibleCharacters',
    (value) => typeof value !== 'string' || value === '' || VISIBLE_CHARACTER.test(value),
    '$property must contain a visible character (not only spaces, line separators, bidi or zero-width characters)',
    { pattern: VISIBLE_CHARACTER_PATTERN },
    options,
  );
}

/** At most `max` characters, counted as Unicode code points (as JSON Schema and PostgreSQL count them). */
export function HasMaxCharacters(max: number, options?: ValidationOptions): PropertyDecorator {
  return rule(
    'maxLength',
    (value) => typeof value !== 'string' || codePoints(value) <= max,
    `$property must be at most ${max} characters long`,
    { type: 'string', maxLength: max },
    options,
  );
}

/**
 * An absolute URI (RFC 3986: a scheme, then only the characters a URI may hold), as CloudEvents
 * requires of `dataschema`.
 */
export function IsAbsoluteUri(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isAbsoluteUri',
    (value) => typeof value === 'string' && ABSOLUTE_URI.test(value),
    '$property must be an absolute URI such as https://hub.example.cn/v1/contracts/work-permit.issued/2/schema',
    { type: 'string', format: 'uri', pattern: ABSOLUTE_URI.source },
    options,
  );
}

/** A code from a published code list (e.g. NATIONALITIES); the message names the list and its version. */
export function IsInCodeList(list: CodeList, options?: ValidationOptions): PropertyDecorator {
  const known = codeLists.get(list.name);
  if (known && known !== list) throw new Error(`Two code lists are named ${list.name}`);
  codeLists.set(list.name, list);
  return rule(
    'isInCodeList',
    (value) => typeof value === 'string' && findCode(list, value) !== undefined,
    `$property must be a code of the ${list.name} list v${list.version} (${list.source})`,
    { $ref: `#/$defs/${codeListDefinitionName(list)}`, 'x-hub-code-list': list.name },
    options,
  );
}

const codeLists = new Map<string, CodeList>();

/** A code list that some contract uses, by name. */
export function codeListByName(name: string): CodeList | undefined {
  return codeLists.get(name);
}

/** Every code list that some contract uses. */
export function usedCodeLists(): CodeList[] {
  return [...codeLists.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The `$defs` name of a code list in the published JSON Schemas. */
export function codeListDefinitionName(list: CodeList): string {
  return `code-list.${list.name}`;
}

/**
 * A GB/T 2260 administrative division code of the published region list: a province (`310000`), a
 * prefecture (`320100`) or a county-level division (`310115`). The JSON Schema states its form and
 * province; the list itself is published as a code list.
 */
export function IsGbT2260Region(options?: ValidationOptions): PropertyDecorator {
  const prefixes = PROVINCES.entries.map((entry) => entry.code.slice(0, 2)).join('|');
  return rule(
    'isGbT2260Region',
    (value) => typeof value === 'string' && findCode(REGIONS, value) !== undefined,
    `$property must be a GB/T 2260 division code of the ${REGIONS.name} list v${REGIONS.version} (${REGIONS.source}), such as 310000 or 310115`,
    { type: 'string', pattern: `^(${prefixes})\\d{4}$`, 'x-hub-code-list': 'region' },
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

const RFC_3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

function isRfc3339DateTime(value: string): boolean {
  const match = RFC_3339.exec(value);
  if (!match?.[1] || !isCalendarDate(match[1])) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  // A leap second (:60) is valid RFC 3339 only at 23:59 UTC; accepting it elsewhere is harmless.
  if (hour > 23 || minute > 59 || second > 60) return false;
  return match[7] === undefined || (Number(match[7]) <= 23 && Number(match[8]) <= 59);
}

function compareDates(
  name: string,
  otherProperty: string,
  holds: (value: string, other: string) => boolean,
  en: string,
  zh: string,
  options?: ValidationOptions,
): PropertyDecorator {
  const decorate = rule(
    name,
    (value, args) => {
      const other: unknown = (args.object as Record<string, unknown>)[otherProperty];
      if (typeof value !== 'string' || typeof other !== 'string' || !isCalendarDate(other)) return true;
      return holds(value, other);
    },
    `$property must be ${en} ${otherProperty}`,
    undefined,
    options,
  );
  return (target: object, property: string | symbol) => {
    addCrossFieldRule(target, String(property), name, {
      en: `${String(property)} must be ${en} ${otherProperty}`,
      zh: `${String(property)} 必须${zh} ${otherProperty}`,
    });
    decorate(target, property);
  };
}

function rule(
  name: string,
  test: (value: unknown, args: ValidationArguments) => boolean,
  message: string,
  fragment: SchemaFragment | undefined,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    if (fragment) addSchemaFragment(target, String(propertyName), name, fragment);
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate: test },
    });
  };
}
