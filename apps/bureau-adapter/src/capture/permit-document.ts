/**
 * A permit as `hub_capture.permit_document` writes it from the bureau's tables (`fwp.permit` with its
 * holder and employer) at the end of the transaction that changed it, and as the snapshot reads it.
 */
export interface PermitDocument {
  readonly permitId: number;
  readonly permitNo: string;
  readonly version: number;
  readonly permitClass: string;
  readonly points: number | null;
  readonly positionTitle: string;
  readonly occupationCode: string | null;
  readonly workRegion: string;
  readonly issuedOn: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly status: 'VALID' | 'REVOKED' | 'CANCELLED' | 'EXPIRED';
  readonly statusReason: string | null;
  readonly statusChangedOn: string | null;
  readonly holder: {
    readonly familyName: string;
    readonly givenNames: string;
    readonly birthDate: string;
    readonly nationality: string;
    readonly passportNo: string;
  };
  readonly employer: { readonly uscc: string; readonly nameZh: string };
}

/** The record id a bureau permit row is published under (the envelope's `recordid`). */
export function permitRecordId(permitId: number | string): string {
  return `fwp.permit:${permitId}`;
}
