/**
 * The subscription the linkage agency makes (with its own API key, `POST /v1/subscriptions`): every
 * canonical event type the rules read, delivered to `agency.linkage.inbound`. Types are not pinned
 * to a version: the service reads every version in the catalogue.
 */
export const LINKAGE_SUBSCRIPTION = {
  name: 'Canonical events for the linkage rules (linkage service)',
  eventTypes: [
    'work-permit.application-submitted',
    'work-permit.application-accepted',
    'work-permit.notice-issued',
    'work-permit.issued',
    'work-permit.extended',
    'work-permit.changed',
    'work-permit.documents-supplied',
    'work-permit.commitment-verified',
    'work-permit.expired',
    'work-permit.revoked',
    'work-permit.cancelled',
    'residence-permit.issued',
    'residence-permit.renewed',
    'residence-permit.shortened',
    'residence-permit.cancelled',
    'residence-permit.family-member-linked',
    'residence-permit.annual-stay-reported',
    'visa.issued',
    'visa.cancelled',
    'visa.refused',
    'permanent-residence.application-submitted',
    'permanent-residence.approved',
    'permanent-residence.rejected',
    'permanent-residence.revoked',
    'education.degree-conferred',
    'tax.annual-income-reported',
    'credit.violation-recorded',
    'credit.commitment-breached',
    'credit.record-cleared',
    'talent-card.issued',
    'talent-card.suspended',
  ].map((type) => ({ type })),
  channels: { kafka: true },
} as const;
