import type { Employer, PermitClass, Person } from '@hub/contracts';

/** Where a permit stands in the bureau's system of record. */
export const PERMIT_STATUSES = ['issued', 'changed', 'revoked', 'cancelled', 'expired'] as const;
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

/**
 * A Foreigner's Work Permit as the bureau adapter sees it: one row of the bureau's system of record
 * (or one row of a bulk import), at one version. Every field a `work-permit.*` contract event needs
 * is here; `permitEvents` turns a record, or its change from the previous version, into those events.
 *
 * Dates are calendar dates (YYYY-MM-DD); codes are the contracts' (nationality ISO 3166-1 alpha-3,
 * region GB/T 2260, reasons from the work-permit code lists).
 */
export interface PermitRecord {
  /** The bureau's own id of the permit record (≤ 128 of `[A-Za-z0-9._:-]`); stable across versions. */
  readonly recordId: string;
  /** The bureau's version of the record: 1 when created, one more at every change. */
  readonly version: number;
  /** Lifelong permit number: 18 digits. */
  readonly permitNo: string;
  readonly permitClass: PermitClass;
  /** Points awarded at assessment, when the bureau keeps them. */
  readonly points?: number;
  /** The holder: name, nationality, passport number, birth date. */
  readonly holder: Person;
  /** The employer: unified social credit code (统一社会信用代码) and registered name. */
  readonly employer: Employer;
  /** The job: title as on the permit, and the GB/T 6565 occupation code when known. */
  readonly occupation: { readonly title: string; readonly code?: string };
  /** GB/T 2260 code of the place of work; the region the events are filed under. */
  readonly workRegion: string;
  /** Day the permit was issued. */
  readonly issuedOn: string;
  /** First and last day of validity (both included). */
  readonly validFrom: string;
  readonly validUntil: string;
  readonly status: PermitStatus;
  /**
   * Day the current status took effect: the change's effective day (changed), the revocation or
   * cancellation day, the day the permit stopped being valid (expired). Defaults: see permitEvents.
   */
  readonly statusOn?: string;
  /** Revocation or cancellation reason code (work-permit-revocation-reason / -cancellation-reason). */
  readonly statusReason?: string;
  /** The bureau's remarks on a revocation or cancellation (e.g. the decision reference). */
  readonly remarks?: string;
  /** Application number of the change or extension that made this version, when there was one. */
  readonly applicationNo?: string;
}
