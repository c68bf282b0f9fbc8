import type {
  AnnualStayView,
  ApplicationView,
  CommitmentVerification,
  ChainState,
  CreditRecordView,
  DegreeView,
  FamilyLinkView,
  PermanentResidenceView,
  ResidencePermitView,
  TalentCardView,
  TaxReport,
  WorkPermitView,
} from './person-chain.types.js';

/** The state under construction while one fold runs; it never leaves the fold. */
export interface ChainDraft {
  workPermits: Record<string, WorkPermitView>;
  residencePermits: Record<string, ResidencePermitView>;
  applications: Record<string, ApplicationView>;
  taxReports: Record<string, TaxReport>;
  correctedReports: Set<string>;
  creditRecords: Record<string, CreditRecordView>;
  talentCards: Record<string, TalentCardView>;
  degrees: Record<string, DegreeView>;
  familyLinks: FamilyLinkView[];
  permanentResidence?: PermanentResidenceView;
  visas: Record<string, { category: string; status: 'issued' | 'refused' | 'cancelled' }>;
  /** Documents supplied per application, kept apart so a supply recorded before its acceptance still counts. */
  supplies: Record<string, SuppliedFact[]>;
  /** Breach events per commitment number. */
  breaches: Record<string, string>;
  /** The bureau's latest verification per commitment number. */
  verifications: Record<string, CommitmentVerification>;
  annualStays: Record<string, AnnualStayView>;
}

interface SuppliedFact {
  kind: string;
  suppliedOn: string;
  eventId: string;
}

export function emptyDraft(): ChainDraft {
  return {
    workPermits: {},
    residencePermits: {},
    applications: {},
    taxReports: {},
    correctedReports: new Set(),
    creditRecords: {},
    talentCards: {},
    degrees: {},
    familyLinks: [],
    visas: {},
    supplies: {},
    breaches: {},
    verifications: {},
    annualStays: {},
  };
}

export function freezeDraft(draft: ChainDraft): ChainState {
  const { correctedReports, taxReports, permanentResidence, supplies, breaches, verifications, applications, ...rest } = draft;
  const inForce = Object.fromEntries(Object.entries(taxReports).filter(([reportNo]) => !correctedReports.has(reportNo)));
  const resolved = Object.fromEntries(
    Object.entries(applications).map(([no, application]) => [no, resolveItems(application, supplies[no] ?? [], breaches, verifications)]),
  );
  return { ...rest, applications: resolved, taxReports: inForce, ...(permanentResidence ? { permanentResidence } : {}) };
}

/**
 * Marks each missing document and commitment with its first supply of the same kind; a commitment
 * also with its verification (fulfilled counts as supplied on the day it was verified, if that came
 * first) and its breach.
 */
function resolveItems(
  application: ApplicationView,
  supplied: readonly SuppliedFact[],
  breaches: Record<string, string>,
  verifications: Record<string, CommitmentVerification>,
): ApplicationView {
  const firstSupply = (kind: string): SuppliedFact | undefined =>
    supplied
      .filter((s) => s.kind === kind)
      .sort((a, b) => a.suppliedOn.localeCompare(b.suppliedOn) || a.eventId.localeCompare(b.eventId))[0];
  const withSupply = <T extends { kind: string }>(item: T): T => {
    const supply = firstSupply(item.kind);
    return supply ? { ...item, suppliedOn: supply.suppliedOn, suppliedEventId: supply.eventId } : item;
  };
  return {
    ...application,
    missingDocuments: application.missingDocuments.map(withSupply),
    commitments: application.commitments.map((c) => {
      const breachEventId = breaches[c.commitmentNo];
      const verification = verifications[c.commitmentNo];
      const item = withSupply(c);
      const fulfilledFirst =
        verification?.result === 'fulfilled' && (item.suppliedOn === undefined || verification.verifiedOn < item.suppliedOn)
          ? { suppliedOn: verification.verifiedOn, suppliedEventId: verification.eventId }
          : {};
      return { ...item, ...fulfilledFirst, ...(verification ? { verification } : {}), ...(breachEventId ? { breachEventId } : {}) };
    }),
  };
}

/** Appends an event id to a traced fact (once) and records the region it was last seen in. */
export function trace<T extends { eventIds: readonly string[] }>(fact: T, eventId: string, region: string): T {
  const eventIds = fact.eventIds.includes(eventId) ? fact.eventIds : [...fact.eventIds, eventId];
  return { ...fact, eventIds, region };
}

/** Yuan with up to two decimals ("864000.00") as an integer number of fen, without float rounding. */
export function toFen(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}
