import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Nested } from '../../validation/nested.js';
import { NATIONALITIES } from '../../code-lists/nationalities.js';
import { HasNoControlCharacters, IsAfterProperty, IsCalendarDate, IsInCodeList } from '../../validation/rules.js';

/** Work-permit classes: A high-end talent, B professional, C other (quota-limited). */
export const PERMIT_CLASSES = ['A', 'B', 'C'] as const;
export type PermitClass = (typeof PERMIT_CLASSES)[number];

/** The foreigner the permit belongs to, as the bureau identifies them. */
export class PermitHolder {
  /** Passport number as printed: upper-case letters and digits. */
  @Matches(/^[A-Z0-9]{5,17}$/, { message: '$property must be 5–17 upper-case letters or digits' })
  passportNo: string;

  /** Nationality, ISO 3166-1 alpha-3 (e.g. `FRA`). */
  @IsInCodeList(NATIONALITIES)
  nationality: string;

  @IsCalendarDate()
  birthDate: string;

  /** Name as in the passport; any script. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @HasNoControlCharacters()
  name: string;
}

/** The employing organisation. */
export class PermitEmployer {
  /** Unified social credit code (GB 32100), 18 characters. */
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, {
    message: '$property must be an 18-character unified social credit code',
  })
  creditCode: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @HasNoControlCharacters()
  name: string;
}

/** `work-permit.issued` v1: a bureau issued a Foreigner's Work Permit after the holder's entry. */
export class WorkPermitIssuedV1 {
  /** Lifelong permit number: 18 digits. */
  @Matches(/^\d{18}$/, { message: '$property must be 18 digits' })
  permitNo: string;

  @IsIn(PERMIT_CLASSES)
  permitClass: PermitClass;

  /** Points awarded at assessment (class A ≥ 85, B ≥ 60). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  points?: number;

  @Nested(() => PermitHolder)
  holder: PermitHolder;

  @Nested(() => PermitEmployer)
  employer: PermitEmployer;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @HasNoControlCharacters()
  position: string;

  @IsCalendarDate()
  validFrom: string;

  @IsCalendarDate()
  @IsAfterProperty('validFrom')
  validTo: string;
}
