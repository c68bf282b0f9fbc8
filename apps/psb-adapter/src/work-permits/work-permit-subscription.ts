/** The work-permit event types public security's records are kept from, each in the contract version the adapter reads. */
export const RECORDED_EVENT_TYPES = [
  { type: 'work-permit.issued', version: 1 },
  { type: 'work-permit.extended', version: 1 },
  { type: 'work-permit.changed', version: 1 },
  { type: 'work-permit.cancelled', version: 1 },
  { type: 'work-permit.revoked', version: 1 },
  { type: 'work-permit.expired', version: 1 },
] as const;

export type RecordedEventType = (typeof RECORDED_EVENT_TYPES)[number]['type'];

/**
 * The subscription the agency makes (with its own API key, `POST /v1/subscriptions`) for this
 * adapter: every recorded type, pinned to the version the adapter reads, so that a bureau moving to
 * a newer version (work-permit.issued v2) changes nothing here; delivered to the agency's inbound topic.
 */
export const WORK_PERMIT_SUBSCRIPTION = {
  name: 'Work permits for exit-entry records (psb-adapter)',
  eventTypes: RECORDED_EVENT_TYPES,
  channels: { kafka: true },
} as const;
