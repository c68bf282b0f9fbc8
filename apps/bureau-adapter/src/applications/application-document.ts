/**
 * An application as read from the bureau's tables (`fwp.application` with its holder, employer and
 * documents; days in China time), the form applicationRecordOf maps. See readApplicationDocuments.
 */
export interface ApplicationDocument {
  readonly applicationId: number;
  readonly applicationNo: string;
  readonly version: number;
  readonly permitClass: string;
  readonly positionTitle: string;
  readonly workRegion: string;
  readonly submittedOn: string;
  readonly inChina: boolean;
  readonly path: 'STANDARD' | 'GRADUATE' | 'FOUNDER';
  readonly acceptedOn: string | null;
  readonly acceptanceMode: 'COMPLETE' | 'MISSING_DOCUMENTS' | 'COMMITMENT' | null;
  readonly holder: {
    readonly familyName: string;
    readonly givenNames: string;
    readonly birthDate: string;
    readonly nationality: string;
    readonly passportNo: string;
  };
  readonly employer: { readonly uscc: string; readonly nameZh: string };
  readonly documents: readonly {
    readonly docType: string;
    readonly dueOn: string | null;
    readonly receivedOn: string | null;
    readonly commitmentNo: string | null;
    readonly commitmentSignedOn: string | null;
    readonly verifyBy: string | null;
    readonly verifiedOn: string | null;
    readonly verificationResult: 'FULFILLED' | 'UNTRUE' | null;
    readonly verificationNote: string | null;
  }[];
}
