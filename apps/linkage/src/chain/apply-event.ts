import { HubError } from '@hub/contracts';
import { emptyDraft, freezeDraft, type ChainDraft } from './chain-draft.js';
import { foldCredit, foldPermanentResidence, foldResidence, foldTalentCard, foldTax, foldVisaOrDegree } from './fold-other-domains.js';
import { foldWorkPermit } from './fold-work-permit.js';
import type { ChainEvent, PersonChain } from './person-chain.types.js';

/** A new, empty chain for a person the service has not seen before. */
export function startChain(subject: string): PersonChain {
  return { subject, events: [], state: freezeDraft(emptyDraft()) };
}

/**
 * Adds one event to a person's chain and derives the chain's state again. An event id already in
 * the chain changes nothing (the same chain object comes back). Events are kept in a canonical
 * order (event time, then id) and the state is folded from that order, so a late or out-of-order
 * event gives the same state as if it had arrived in time.
 */
export function applyEvent(chain: PersonChain | undefined, event: ChainEvent): PersonChain {
  const current = chain ?? startChain(event.subject);
  if (event.subject !== current.subject) {
    throw new HubError(
      'CHAIN_SUBJECT_MISMATCH',
      `Event ${event.id} is about ${event.subject}, not ${current.subject}; apply it to the chain of its own subject.`,
      { context: { eventId: event.id } },
    );
  }
  // The service's own conclusions are not facts about the person; they never enter a chain.
  if (isConclusion(event) || current.events.some((known) => known.id === event.id)) return current;
  const events = [...current.events, event].sort(canonicalOrder);
  return { subject: current.subject, events, state: deriveState(events) };
}

/** Builds a chain from any collection of events about one person, in any order, duplicates included. */
export function buildChain(subject: string, events: Iterable<ChainEvent>): PersonChain {
  let chain = startChain(subject);
  for (const event of events) chain = applyEvent(chain, event);
  return chain;
}

/** A `linkage.*` event: a conclusion the service published, which it may receive back but never folds. */
function isConclusion(event: ChainEvent): boolean {
  return event.type.startsWith('linkage.');
}

/** The order a chain keeps its events in: event time, then id. */
export function canonicalOrder(a: ChainEvent, b: ChainEvent): number {
  const byTime = Date.parse(a.time) - Date.parse(b.time);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function deriveState(events: readonly ChainEvent[]): PersonChain['state'] {
  const draft = emptyDraft();
  for (const event of events) fold(draft, event);
  return freezeDraft(draft);
}

function fold(draft: ChainDraft, event: ChainEvent): void {
  switch (event.type) {
    case 'work-permit.application-submitted':
    case 'work-permit.application-accepted':
    case 'work-permit.notice-issued':
    case 'work-permit.issued':
    case 'work-permit.extended':
    case 'work-permit.changed':
    case 'work-permit.documents-supplied':
    case 'work-permit.commitment-verified':
    case 'work-permit.expired':
    case 'work-permit.revoked':
    case 'work-permit.cancelled':
      return foldWorkPermit(draft, event);
    case 'residence-permit.issued':
    case 'residence-permit.renewed':
    case 'residence-permit.shortened':
    case 'residence-permit.cancelled':
    case 'residence-permit.family-member-linked':
    case 'residence-permit.annual-stay-reported':
      return foldResidence(draft, event);
    case 'credit.violation-recorded':
    case 'credit.commitment-breached':
    case 'credit.record-cleared':
      return foldCredit(draft, event);
    case 'tax.annual-income-reported':
      return foldTax(draft, event);
    case 'talent-card.issued':
    case 'talent-card.suspended':
      return foldTalentCard(draft, event);
    case 'permanent-residence.application-submitted':
    case 'permanent-residence.approved':
    case 'permanent-residence.rejected':
    case 'permanent-residence.revoked':
      return foldPermanentResidence(draft, event);
    case 'visa.issued':
    case 'visa.cancelled':
    case 'visa.refused':
    case 'education.degree-conferred':
      return foldVisaOrDegree(draft, event);
    case 'linkage.review-required':
    case 'linkage.inconsistency-detected':
    case 'linkage.deadline-overdue':
    case 'linkage.eligibility-determined':
    case 'linkage.case-resolved':
    case 'linkage.flag-changed':
    case 'linkage.talent-status-changed':
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
