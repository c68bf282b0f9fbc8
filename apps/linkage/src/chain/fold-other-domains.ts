import type { ChainEvent } from './person-chain.types.js';
import { type ChainDraft, toFen, trace } from './chain-draft.js';

type ResidenceEvent = Extract<ChainEvent, { type: `residence-permit.${string}` }>;

/** Folds one residence-permit event: the permit's validity and status, family links, and days in China per year. */
export function foldResidence(draft: ChainDraft, event: ResidenceEvent): void {
  if (event.type === 'residence-permit.annual-stay-reported') return foldAnnualStay(draft, event);
  const { data } = event;
  const current = draft.residencePermits[data.permitNo] ?? {
    permitNo: data.permitNo,
    status: 'valid' as const,
    eventIds: [],
    region: event.region,
  };
  const permit = trace(current, event.id, event.region);
  switch (event.type) {
    case 'residence-permit.issued':
      draft.residencePermits[data.permitNo] = {
        ...permit,
        purpose: event.data.purpose,
        validTo: event.data.validTo,
        lastActionOn: event.data.issuedOn,
        ...workPermitOf(event.data),
      };
      return;
    case 'residence-permit.renewed':
      draft.residencePermits[data.permitNo] = {
        ...permit,
        purpose: event.data.purpose,
        validTo: event.data.validTo,
        lastActionOn: event.data.renewedOn,
        ...workPermitOf(event.data),
      };
      return;
    case 'residence-permit.shortened':
      draft.residencePermits[data.permitNo] = { ...permit, validTo: event.data.validTo, lastActionOn: event.data.shortenedOn };
      return;
    case 'residence-permit.cancelled':
      draft.residencePermits[data.permitNo] = {
        ...permit,
        status: 'cancelled',
        endedOn: event.data.cancelledOn,
        lastActionOn: event.data.cancelledOn,
      };
      return;
    case 'residence-permit.family-member-linked':
      draft.residencePermits[data.permitNo] = permit;
      draft.familyLinks.push({
        permitNo: event.data.permitNo,
        principalResidencePermitNo: event.data.principal.residencePermitNo,
        relationship: event.data.principal.relationship,
        linkedOn: event.data.linkedOn,
        eventId: event.id,
        region: event.region,
      });
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** A year's days in China; a later report of the same year (in the chain's order) replaces the earlier. */
function foldAnnualStay(draft: ChainDraft, event: Extract<ChainEvent, { type: 'residence-permit.annual-stay-reported' }>): void {
  const { year, daysInChina, reportedOn } = event.data;
  draft.annualStays[String(year)] = { year, daysInChina, reportedOn, eventId: event.id, region: event.region };
}

function workPermitOf(data: { workPermitNo?: string }): { workPermitNo?: string } {
  return data.workPermitNo ? { workPermitNo: data.workPermitNo } : {};
}

type CreditEvent = Extract<ChainEvent, { type: `credit.${string}` }>;

/** Folds one credit event: violations and breached commitments, and their clearing. */
export function foldCredit(draft: ChainDraft, event: CreditEvent): void {
  const blank = (recordNo: string, recordType: 'violation' | 'commitment-breach', kind: string, recordedOn: string) =>
    draft.creditRecords[recordNo] ?? { recordNo, recordType, kind, recordedOn, eventIds: [], region: event.region };
  switch (event.type) {
    case 'credit.violation-recorded': {
      const { recordNo, kind, recordedOn } = event.data;
      const severity = statedSeverity(event.data);
      const record = trace(blank(recordNo, 'violation', kind, recordedOn), event.id, event.region);
      draft.creditRecords[recordNo] = { ...record, kind, recordedOn, ...(severity ? { severity } : {}) };
      return;
    }
    case 'credit.commitment-breached': {
      const { recordNo, breachedOn, commitmentNo } = event.data;
      const record = trace(blank(recordNo, 'commitment-breach', 'breached-commitment', breachedOn), event.id, event.region);
      draft.creditRecords[recordNo] = { ...record, kind: 'breached-commitment', recordedOn: breachedOn };
      draft.breaches[commitmentNo] = event.id;
      return;
    }
    case 'credit.record-cleared': {
      const { recordNo, recordType, clearedOn } = event.data;
      const record = trace(
        blank(recordNo, recordType, recordType === 'violation' ? 'unknown' : 'breached-commitment', clearedOn),
        event.id,
        event.region,
      );
      draft.creditRecords[recordNo] = { ...record, clearedOn };
      return;
    }
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** A severity carried by the event itself; credit v1 has none, so this reads a field a later version may add. */
function statedSeverity(data: object): string | undefined {
  const severity: unknown = 'severity' in data ? data.severity : undefined;
  return typeof severity === 'string' ? severity : undefined;
}

/** Folds a tax report; a correction replaces the report it names. */
export function foldTax(draft: ChainDraft, event: Extract<ChainEvent, { type: 'tax.annual-income-reported' }>): void {
  const { data } = event;
  draft.taxReports[data.reportNo] = {
    reportNo: data.reportNo,
    taxYear: data.taxYear,
    employerCode: data.employer.creditCode,
    salaryFen: toFen(data.annualSalary),
    reportedOn: data.reportedOn,
    taxFen: toFen(data.individualIncomeTaxPaid),
    eventId: event.id,
    region: event.region,
  };
  if (data.correctsReportNo) draft.correctedReports.add(data.correctsReportNo);
}

type TalentCardEvent = Extract<ChainEvent, { type: `talent-card.${string}` }>;

/** Folds a talent-card event: issue, and suspension until a date. */
export function foldTalentCard(draft: ChainDraft, event: TalentCardEvent): void {
  const { cardNo } = event.data;
  const current = draft.talentCards[cardNo] ?? { cardNo, tier: 'unknown', validTo: '', services: [], eventIds: [], region: event.region };
  const card = trace(current, event.id, event.region);
  if (event.type === 'talent-card.issued') {
    draft.talentCards[cardNo] = {
      ...card,
      tier: event.data.tier,
      validTo: event.data.validTo,
      services: event.data.services ?? [],
      ...(event.data.workPermitNo ? { workPermitNo: event.data.workPermitNo } : {}),
    };
    return;
  }
  const until = event.data.until;
  draft.talentCards[cardNo] = { ...card, suspendedOn: event.data.suspendedOn, ...(until ? { suspendedUntil: until } : {}) };
}

/** Folds a permanent-residence event. */
export function foldPermanentResidence(draft: ChainDraft, event: Extract<ChainEvent, { type: `permanent-residence.${string}` }>): void {
  const current = draft.permanentResidence ?? { status: 'applied' as const, eventIds: [], region: event.region };
  const traced = trace(current, event.id, event.region);
  switch (event.type) {
    case 'permanent-residence.application-submitted':
      draft.permanentResidence = { ...traced, status: 'applied' };
      return;
    case 'permanent-residence.approved':
      draft.permanentResidence = { ...traced, status: 'approved', cardNo: event.data.cardNo };
      return;
    case 'permanent-residence.rejected':
      draft.permanentResidence = { ...traced, status: 'rejected' };
      return;
    case 'permanent-residence.revoked':
      draft.permanentResidence = { ...traced, status: 'revoked' };
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Folds a visa event and a conferred degree (kept for the graduate-path rule). */
export function foldVisaOrDegree(
  draft: ChainDraft,
  event: Extract<ChainEvent, { type: `visa.${string}` | 'education.degree-conferred' }>,
): void {
  switch (event.type) {
    case 'visa.issued':
      draft.visas[event.data.visaNo] = { category: event.data.category, status: 'issued' };
      return;
    case 'visa.cancelled':
      draft.visas[event.data.visaNo] = { category: event.data.category, status: 'cancelled' };
      return;
    case 'visa.refused':
      draft.visas[event.data.applicationNo] = { category: event.data.category, status: 'refused' };
      return;
    case 'education.degree-conferred':
      draft.degrees[event.data.certificateNo] = {
        certificateNo: event.data.certificateNo,
        level: event.data.level,
        universityCode: event.data.university.code,
        conferredOn: event.data.conferredOn,
        eventId: event.id,
      };
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
