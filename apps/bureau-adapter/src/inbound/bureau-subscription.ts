/** What the bureau keeps of other agencies' decisions, each in the contract version the adapter reads. */
export const BUREAU_INBOUND_EVENT_TYPES = [
  { type: 'residence-permit.issued', version: 1 },
  { type: 'residence-permit.renewed', version: 1 },
  { type: 'residence-permit.shortened', version: 1 },
  { type: 'residence-permit.cancelled', version: 1 },
  { type: 'visa.issued', version: 1 },
  { type: 'visa.refused', version: 1 },
  { type: 'visa.cancelled', version: 1 },
  { type: 'credit.violation-recorded', version: 1 },
  { type: 'credit.record-cleared', version: 1 },
  { type: 'credit.commitment-breached', version: 1 },
  { type: 'linkage.review-required', version: 1 },
  { type: 'linkage.inconsistency-detected', version: 1 },
  { type: 'linkage.deadline-overdue', version: 1 },
  { type: 'linkage.case-resolved', version: 1 },
] as const;

export type BureauInboundType = (typeof BUREAU_INBOUND_EVENT_TYPES)[number]['type'];

/**
 * The subscription a bureau makes (with its own API key, `POST /v1/subscriptions`) for this
 * adapter: visas, residence permits, credit records and linkage cases of its own province, each
 * pinned to the version the adapter reads, delivered to its inbound topic. The policy grants a
 * bureau these types (`subscribe` of kind `bureau` in config/policy) with the whole event.
 */
export function bureauInboundSubscription(agencyId: string): {
  readonly name: string;
  readonly eventTypes: typeof BUREAU_INBOUND_EVENT_TYPES;
  readonly filters: { readonly regions: readonly string[] };
  readonly channels: { readonly kafka: true };
} {
  const province = agencyId.replace(/^bureau-/, '');
  return {
    name: `Visas, residence, credit and linkage cases for ${agencyId} (bureau-adapter)`,
    eventTypes: BUREAU_INBOUND_EVENT_TYPES,
    filters: { regions: [province] },
    channels: { kafka: true },
  };
}
