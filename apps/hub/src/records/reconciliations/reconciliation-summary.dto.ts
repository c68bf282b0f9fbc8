import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

export const RECONCILIATION_OUTCOMES = ['in-sync', 'differences', 'failed'] as const;
export const RECONCILIATION_TRIGGERS = ['schedule', 'command', 'api'] as const;

/**
 * A bureau's comparison of its records with public security's copy in the same run: the counts, or
 * (only) `error` when that copy could not be read.
 */
export class PsbComparisonDto {
  /** Why public security's copy could not be compared; the counts are left out then. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  error?: string;

  @ValidateIf((comparison: PsbComparisonDto) => comparison.error === undefined)
  @IsInt()
  @Min(0)
  psbRecords?: number;

  @ValidateIf((comparison: PsbComparisonDto) => comparison.error === undefined)
  @IsInt()
  @Min(0)
  buckets?: number;

  @ValidateIf((comparison: PsbComparisonDto) => comparison.error === undefined)
  @IsInt()
  @Min(0)
  differingBuckets?: number;

  /** The agency's records public security does not hold. */
  @ValidateIf((comparison: PsbComparisonDto) => comparison.error === undefined)
  @IsInt()
  @Min(0)
  missingAtPsb?: number;

  /** Records public security holds at another version. */
  @ValidateIf((comparison: PsbComparisonDto) => comparison.error === undefined)
  @IsInt()
  @Min(0)
  differentAtPsb?: number;

  /** Records public security holds from this agency that the agency does not. */
  @ValidateIf((comparison: PsbComparisonDto) => comparison.error === undefined)
  @IsInt()
  @Min(0)
  extraAtPsb?: number;
}

/** `POST /v1/reconciliations`: what one reconciliation of the agency's records against the hub found. */
export class ReconciliationSummaryDto {
  /** The agency's id of the run (a UUID); sending it again changes nothing. */
  @IsUUID()
  id!: string;

  /** The event domain compared, e.g. work-permit. */
  @Matches(/^[a-z][a-z-]{1,39}$/, { message: 'domain must be an event domain, e.g. work-permit' })
  domain!: string;

  @IsIn(RECONCILIATION_OUTCOMES)
  outcome!: (typeof RECONCILIATION_OUTCOMES)[number];

  @IsIn(RECONCILIATION_TRIGGERS)
  trigger!: (typeof RECONCILIATION_TRIGGERS)[number];

  /** First and last business month compared (YYYY-MM), when the run was limited. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'from must be a month, YYYY-MM' })
  from?: string;

  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'to must be a month, YYYY-MM' })
  to?: string;

  @IsISO8601({ strict: true })
  startedAt!: string;

  @IsISO8601({ strict: true })
  finishedAt!: string;

  @IsInt()
  @Min(0)
  agencyRecords!: number;

  @IsInt()
  @Min(0)
  hubRecords!: number;

  @IsInt()
  @Min(0)
  buckets!: number;

  @IsInt()
  @Min(0)
  differingBuckets!: number;

  @IsInt()
  @Min(0)
  missing!: number;

  @IsInt()
  @Min(0)
  extra!: number;

  @IsInt()
  @Min(0)
  different!: number;

  @IsInt()
  @Min(0)
  repaired!: number;

  @IsInt()
  @Min(0)
  remaining!: number;

  /** Why a failed run failed. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  error?: string;

  /** The comparison with public security's copy, when the agency made one. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PsbComparisonDto)
  psb?: PsbComparisonDto;
}

/** The comparison with public security's copy as stored: its counts, or why it could not be made. */
export type PsbComparison =
  | {
      readonly psbRecords: number;
      readonly buckets: number;
      readonly differingBuckets: number;
      readonly missingAtPsb: number;
      readonly differentAtPsb: number;
      readonly extraAtPsb: number;
    }
  | { readonly error: string };

/** A stored summary, as the ops console reads it. */
export interface ReconciliationSummary {
  readonly id: string;
  readonly agency: string;
  readonly domain: string;
  readonly outcome: string;
  readonly trigger: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly agencyRecords: number;
  readonly hubRecords: number;
  readonly buckets: number;
  readonly differingBuckets: number;
  readonly missing: number;
  readonly extra: number;
  readonly different: number;
  readonly repaired: number;
  readonly remaining: number;
  readonly error: string | null;
  /** Null when the run made no comparison with public security's copy. */
  readonly psb: PsbComparison | null;
  readonly receivedAt: string;
}
