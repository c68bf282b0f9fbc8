import type { Employer, PermitClass, Person } from '@hub/contracts';

/** How the bureau accepted an application (work-permit-acceptance-mode code list). */
export type AcceptanceMode = 'complete' | 'missing-documents' | 'commitment';

/** The path an application takes (`work-permit.application-submitted` v2). */
export type ApplicationPath = 'standard' | 'graduate' | 'founder';

/** One document of an application as the bureau records it: owed by a day, replaced by a commitment, supplied, verified. */
export interface ApplicationDocumentState {
  /** The contracts' document-kind code (criminal-record, health-certificate, …). */
  readonly kind: string;
  /** Owed at acceptance, to be supplied by this day. */
  readonly dueOn?: string;
  /** Day the bureau received it. */
  readonly suppliedOn?: string;
  /** The commitment signed in its place at acceptance. */
  readonly commitment?: { readonly commitmentNo: string; readonly signedOn: string; readonly verifyBy: string };
  /** What the bureau's check of that commitment found. */
  readonly verification?: { readonly verifiedOn: string; readonly result: 'fulfilled' | 'untrue'; readonly note?: string };
}

/**
 * A work-permit application as the bureau adapter sees it: one row of the bureau's `fwp.application`
 * with its holder, employer and documents, at one version (the bureau raises it with every change,
 * its documents' included). `applicationEvents` turns it, or its change from the previous version,
 * into `work-permit.application-*`, `documents-supplied` and `commitment-verified` events.
 */
export interface ApplicationRecord {
  /** The bureau's own id of the application record (`fwp.application:<id>`); stable across versions. */
  readonly recordId: string;
  readonly version: number;
  readonly applicationNo: string;
  readonly holder: Person;
  readonly employer: Employer;
  readonly position: string;
  readonly requestedClass: PermitClass;
  /** Day it was submitted (China time). */
  readonly submittedOn: string;
  readonly inChina: boolean;
  readonly path: ApplicationPath;
  /** GB/T 2260 code of the place of work; the region the events are filed under. */
  readonly workRegion: string;
  /** Set once the bureau accepted it. */
  readonly acceptance?: { readonly acceptedOn: string; readonly mode: AcceptanceMode };
  readonly documents: readonly ApplicationDocumentState[];
}

/** The record id a bureau application row is published under (the envelope's `recordid`). */
export function applicationRecordId(applicationId: number | string): string {
  return `fwp.application:${applicationId}`;
}
