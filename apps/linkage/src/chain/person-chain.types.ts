import type { AnyCanonicalEvent } from '@hub/contracts';

/** Any accepted canonical event, as the linkage service receives it from the hub. */
export type ChainEvent = AnyCanonicalEvent;

/** What the chain keeps of a fact: its own fields plus the ids of the events that made it. */
interface Traced {
  readonly eventIds: readonly string[];
  /** GB/T 2260 region of the last event about it (routes a case to that province's agency). */
  readonly region: string;
}

export type PermitStatus = 'valid' | 'revoked' | 'cancelled' | 'expired';

export interface WorkPermitView extends Traced {
  readonly permitNo: string;
  readonly permitClass?: string;
  readonly employerCode?: string;
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly status: PermitStatus;
  readonly endedOn?: string;
  readonly endReason?: string;
  /** Latest change to another employer (not a renamed employer), with the event that recorded it. */
  readonly employerChange?: { readonly effectiveOn: string; readonly eventId: string };
}

export interface ResidencePermitView extends Traced {
  readonly permitNo: string;
  readonly purpose?: string;
  readonly validTo?: string;
  readonly workPermitNo?: string;
  readonly status: 'valid' | 'cancelled';
  readonly endedOn?: string;
  /** Date of public security's latest action on the permit (issued, renewed, shortened, cancelled). */
  readonly lastActionOn?: string;
}

export interface MissingDocumentItem {
  readonly kind: string;
  readonly dueDate: string;
  readonly suppliedOn?: string;
  readonly suppliedEventId?: string;
}

/** The bureau's verification of a commitment (work-permit.commitment-verified); the latest one counts. */
export interface CommitmentVerification {
  readonly result: 'fulfilled' | 'untrue';
  readonly verifiedOn: string;
  readonly eventId: string;
  readonly note?: string;
}

export interface CommitmentItem {
  readonly commitmentNo: string;
  readonly kind: string;
  readonly signedOn: string;
  readonly verifyBy: string;
  /** The document supplied, or the commitment verified as fulfilled, whichever came first. */
  readonly suppliedOn?: string;
  readonly suppliedEventId?: string;
  readonly verification?: CommitmentVerification;
  readonly breachEventId?: string;
}

export interface ApplicationView extends Traced {
  readonly applicationNo: string;
  readonly submittedOn?: string;
  readonly submittedEventId?: string;
  /**
   * The special path the application is on (graduate, founder) when the submission states one: a
   * later contract version; absent in work-permit.application-submitted v1.
   */
  readonly path?: string;
  readonly acceptedOn?: string;
  readonly acceptedEventId?: string;
  readonly mode?: string;
  readonly missingDocuments: readonly MissingDocumentItem[];
  readonly commitments: readonly CommitmentItem[];
}

export interface TaxReport {
  readonly reportNo: string;
  readonly taxYear: number;
  readonly employerCode: string;
  readonly salaryFen: number;
  readonly taxFen: number;
  readonly reportedOn: string;
  readonly eventId: string;
  readonly region: string;
}

export interface CreditRecordView extends Traced {
  readonly recordNo: string;
  readonly recordType: 'violation' | 'commitment-breach';
  readonly kind: string;
  readonly recordedOn: string;
  readonly clearedOn?: string;
  /** Severity when the event states one (a later contract version); absent in credit v1 events. */
  readonly severity?: string;
}

export interface TalentCardView extends Traced {
  readonly cardNo: string;
  readonly tier: string;
  readonly validTo: string;
  readonly services: readonly string[];
  /** The work permit the card rests on, when the card names one. */
  readonly workPermitNo?: string;
  readonly suspendedOn?: string;
  readonly suspendedUntil?: string;
}

/** Days in China in one calendar year, from public security's exit-entry records (the latest report of the year). */
export interface AnnualStayView {
  readonly year: number;
  readonly daysInChina: number;
  readonly reportedOn: string;
  readonly eventId: string;
  readonly region: string;
}

export interface DegreeView {
  readonly certificateNo: string;
  readonly level: string;
  readonly universityCode: string;
  readonly conferredOn: string;
  readonly eventId: string;
}

export interface FamilyLinkView {
  readonly permitNo: string;
  readonly principalResidencePermitNo: string;
  readonly relationship: string;
  readonly linkedOn: string;
  readonly eventId: string;
  readonly region: string;
}

export interface PermanentResidenceView extends Traced {
  readonly status: 'applied' | 'approved' | 'rejected' | 'revoked';
  readonly cardNo?: string;
}

/** Everything the linkage service knows about one person, derived from the events in its chain. */
export interface ChainState {
  readonly workPermits: Readonly<Record<string, WorkPermitView>>;
  readonly residencePermits: Readonly<Record<string, ResidencePermitView>>;
  readonly applications: Readonly<Record<string, ApplicationView>>;
  /** Tax reports in force (a correction replaces the report it corrects), by report number. */
  readonly taxReports: Readonly<Record<string, TaxReport>>;
  readonly creditRecords: Readonly<Record<string, CreditRecordView>>;
  readonly talentCards: Readonly<Record<string, TalentCardView>>;
  readonly degrees: Readonly<Record<string, DegreeView>>;
  readonly familyLinks: readonly FamilyLinkView[];
  /** Days in China per calendar year, by year. */
  readonly annualStays: Readonly<Record<string, AnnualStayView>>;
  readonly permanentResidence?: PermanentResidenceView;
  readonly visas: Readonly<Record<string, { readonly category: string; readonly status: 'issued' | 'refused' | 'cancelled' }>>;
}

/**
 * One person's chain: the events (deduplicated by id, in a canonical order) and the state derived
 * from them. The state depends only on the set of events, never on the order they arrived in.
 */
export interface PersonChain {
  readonly subject: string;
  readonly events: readonly ChainEvent[];
  readonly state: ChainState;
}
