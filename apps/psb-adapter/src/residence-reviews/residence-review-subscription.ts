/** The linkage conclusions public security's residence reviews are kept from, each in the version the adapter reads. */
export const REVIEW_EVENT_TYPES = [
  { type: 'linkage.review-required', version: 1 },
  { type: 'linkage.case-resolved', version: 1 },
] as const;

/**
 * The subscription public security makes (its own API key) for its residence reviews: the linkage
 * service's cases and their resolution, delivered to the same inbound topic as its work permits.
 * The adapter keeps the cases of kind `residence-review` the agency owns.
 */
export const RESIDENCE_REVIEW_SUBSCRIPTION = {
  name: 'Residence reviews from the linkage service (psb-adapter)',
  eventTypes: REVIEW_EVENT_TYPES,
  channels: { kafka: true },
} as const;
