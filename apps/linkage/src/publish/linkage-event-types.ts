/** The `linkage.*` event type each decision outcome is published as. */
export const LINKAGE_EVENT_TYPE_OF_OUTCOME: Readonly<Record<string, string>> = {
  'review-required': 'linkage.review-required',
  'cannot-decide': 'linkage.review-required',
  'commitment-breached': 'linkage.review-required',
  'inconsistency-detected': 'linkage.inconsistency-detected',
  'deadline-overdue': 'linkage.deadline-overdue',
  'eligibility-determined': 'linkage.eligibility-determined',
  'not-eligible': 'linkage.eligibility-determined',
  'case-resolved': 'linkage.case-resolved',
  'item-fulfilled': 'linkage.case-resolved',
  'item-fulfilled-late': 'linkage.case-resolved',
  verified: 'linkage.case-resolved',
  'flag-raised': 'linkage.flag-changed',
  'flag-lifted': 'linkage.flag-changed',
  'simplified-procedures': 'linkage.talent-status-changed',
};

/** The event type of an outcome; an outcome this map does not know asks people to look (review-required). */
export function linkageEventTypeOf(outcome: string): string {
  return LINKAGE_EVENT_TYPE_OF_OUTCOME[outcome] ?? 'linkage.review-required';
}

/** The agency that publishes linkage events (and `credit.commitment-breached` for breaches it finds). */
export const LINKAGE_SOURCE = 'urn:hub:agency:linkage' as const;
