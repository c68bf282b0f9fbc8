import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import type { CodeList } from '../code-lists/code-list.js';
import { WORK_PERMIT_NO_FORMAT } from './formats.js';
import { HasMaxCharacters, HasNoControlCharacters, HasVisibleCharacters, IsCalendarDate, IsInCodeList } from './rules.js';

/**
 * Field rules that contracts share, each a bundle of class-validator rules so every contract spells
 * a passport number or a free-text name the same way (and the JSON Schemas agree).
 */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

/**
 * Free text people read (names, positions, reasons): 1–maxLength characters of any script, at least
 * one of them visible, no control characters.
 */
export function Text(maxLength = 200): PropertyDecorator {
  return all(IsString(), IsNotEmpty(), HasMaxCharacters(maxLength), HasNoControlCharacters(), HasVisibleCharacters());
}

/** A reference number issued by an agency system: 1–maxLength of upper-case letters, digits and `-`. */
export function ReferenceNo(maxLength = 40): PropertyDecorator {
  return Matches(new RegExp(`^[A-Z0-9][A-Z0-9-]{0,${maxLength - 1}}$`), {
    message: `$property must be 1–${maxLength} upper-case letters, digits or -, starting with a letter or digit`,
  });
}

/** Passport number as printed: 5–17 upper-case letters or digits. */
export function PassportNo(): PropertyDecorator {
  return Matches(/^[A-Z0-9]{5,17}$/, { message: '$property must be 5–17 upper-case letters or digits' });
}

/** Lifelong Foreigner's Work Permit number: 18 digits. */
export function WorkPermitNo(): PropertyDecorator {
  return Matches(WORK_PERMIT_NO_FORMAT, { message: '$property must be 18 digits' });
}

/** Unified social credit code (GB 32100): 18 characters. */
export function CreditCode(): PropertyDecorator {
  return Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, {
    message: '$property must be an 18-character unified social credit code',
  });
}

/** An amount of money in yuan as a decimal string with two places (`123456.78`), so no language rounds it. */
export function Amount(): PropertyDecorator {
  return Matches(/^(0|[1-9]\d{0,11})\.\d{2}$/, { message: '$property must be an amount in yuan such as 123456.78' });
}

/** A real date, `YYYY-MM-DD`. */
export function CalendarDate(): PropertyDecorator {
  return IsCalendarDate();
}

/** A code from a code list. */
export function Code(list: CodeList): PropertyDecorator {
  return IsInCodeList(list);
}

/** One of a fixed set of values defined by the contract itself. */
export function OneOf(values: readonly string[]): PropertyDecorator {
  return IsIn(values);
}

/** A whole number in [min, max]. */
export function WholeNumber(min: number, max: number): PropertyDecorator {
  return all(IsInt(), Min(min), Max(max));
}
