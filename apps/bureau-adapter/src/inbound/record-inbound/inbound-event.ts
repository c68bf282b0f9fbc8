/** The person an event is about, as the sending agency identifies them (absent from linkage events). */
export interface InboundHolder {
  readonly passportNo: string;
  readonly nationality: string;
  readonly name: string;
}

interface Facts {
  readonly id: string;
  readonly subject: string | null;
  /** The event's `time`: a record is never overwritten by an event older than the one it was made from. */
  readonly time: string;
  readonly region: string;
  readonly agency: string;
  readonly correlationId: string;
}

/** Residence permit as public security decides it. */
export interface ResidenceChange {
  readonly permitNo: string;
  readonly holder: InboundHolder;
  readonly status: 'valid' | 'cancelled';
  /** issued, renewed, shortened or cancelled. */
  readonly action: 'issued' | 'renewed' | 'shortened' | 'cancelled';
  readonly actionOn: string;
  readonly validTo: string | null;
  readonly reason: string | null;
  readonly workPermitNo: string | null;
  readonly previousPermitNo: string | null;
}

export interface VisaChange {
  readonly visaNo: string | null;
  readonly holder: InboundHolder;
  readonly status: 'issued' | 'refused' | 'cancelled';
  readonly category: string | null;
  readonly statusOn: string;
  readonly validTo: string | null;
  readonly reason: string | null;
}

export interface CreditChange {
  readonly recordNo: string;
  readonly holder: InboundHolder | null;
  readonly status: 'recorded' | 'cleared';
  readonly kind: string | null;
  readonly statusOn: string;
}

export interface CaseChange {
  readonly caseId: string;
  readonly kind: string;
  readonly ownerAgency: string;
  readonly state: string;
  readonly ruleId: string;
  readonly decisionKey: string;
  readonly openedOn: string | null;
  readonly dueDate: string | null;
  readonly explanationZh: string;
  readonly explanationEn: string;
  readonly resolution: unknown;
}

/** A delivered event the bureau keeps, read down to what it stores. */
export type InboundEvent = Facts &
  (
    | { readonly domain: 'residence'; readonly type: string; readonly change: ResidenceChange }
    | { readonly domain: 'visa'; readonly type: string; readonly change: VisaChange }
    | { readonly domain: 'credit'; readonly type: string; readonly change: CreditChange }
    | { readonly domain: 'case'; readonly type: string; readonly change: CaseChange | null }
  );
