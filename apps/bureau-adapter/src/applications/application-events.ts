import { signEvent, uuidV5, type SignEventOptions } from '@hub/identity';
import { recordAttributes, type RecordAttributes } from '../permits/record-attributes.js';
import { acceptedData, submittedData, suppliedData, verifiedData } from './application-event-data.js';
import type { ApplicationDocumentState, ApplicationRecord } from './application-record.js';

/**
 * The namespace of application event ids (RFC 9562 UUID v5), fixed forever: an event's id is the v5
 * UUID of agency/record id/version/type (and the document kind, for a commitment's verification),
 * so the same application version always makes the same events and a re-run is a duplicate at the hub.
 */
export const APPLICATION_EVENT_NAMESPACE = '6b2f3d0e-9a41-5c7e-b8d2-4e1a7c9f0d35';

/** The event types (and the contract version of each) a bureau's applications become. */
export const APPLICATION_EVENT_VERSIONS = {
  'work-permit.application-submitted': 2,
  'work-permit.application-accepted': 1,
  'work-permit.documents-supplied': 1,
  'work-permit.commitment-verified': 1,
} as const;
export type ApplicationEventType = keyof typeof APPLICATION_EVENT_VERSIONS;

/** An unsigned CloudEvents envelope of an application event, as signEvent takes it. */
export interface ApplicationEvent extends RecordAttributes {
  readonly specversion: '1.0';
  readonly id: string;
  readonly type: ApplicationEventType;
  readonly source: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly agency: string;
  readonly region: string;
  readonly contractversion: number;
  readonly data: object;
}

/** A fact: the event type, the day it happened, its data, and what tells it from another of its type in one version. */
type Fact = [ApplicationEventType, string, object, string?];

/**
 * The contract events `record` stands for, in the order they happened. Without `previous` (a first
 * sight: a snapshot, a republish), the application as submitted, then its acceptance, the owed
 * documents since supplied and the commitments since verified. With `previous`, what happened
 * since: the acceptance, documents supplied, commitments verified; nothing for a version that is
 * not newer or alters nothing an event carries. Ids are deterministic (APPLICATION_EVENT_NAMESPACE);
 * `time` is the fact's day at 00:00 China time. The events are not validated here (validateEvent).
 */
export function applicationEvents(
  record: ApplicationRecord,
  previous: ApplicationRecord | undefined,
  ctx: { readonly agencyId: string },
): ApplicationEvent[] {
  if (previous && record.version <= previous.version) return [];
  const facts: Fact[] = previous ? [] : [['work-permit.application-submitted', record.submittedOn, submittedData(record)]];
  if (record.acceptance && !previous?.acceptance)
    facts.push(['work-permit.application-accepted', record.acceptance.acceptedOn, acceptedData(record, record.acceptance)]);
  const before = new Map((previous?.documents ?? []).map((d) => [d.kind, d]));
  const supplied = record.documents.filter((d) => d.dueOn !== undefined && d.suppliedOn !== undefined && !before.get(d.kind)?.suppliedOn);
  if (supplied.length > 0) facts.push(['work-permit.documents-supplied', latestDay(supplied), suppliedData(record, supplied)]);
  for (const d of record.documents.filter((doc) => doc.verification && !before.get(doc.kind)?.verification))
    facts.push(['work-permit.commitment-verified', d.verification?.verifiedOn ?? record.submittedOn, verifiedData(record, d), d.kind]);
  return facts.map(([type, day, data, distinct]) => envelopeOf(record, type, day, data, distinct, ctx.agencyId));
}

/** Signs each event with the bureau's key (see signEvent). */
export function signApplicationEvents(
  events: readonly ApplicationEvent[],
  key: SignEventOptions,
): (ApplicationEvent & { signature: string })[] {
  return events.map((event) => signEvent(event, key));
}

function latestDay(documents: readonly ApplicationDocumentState[]): string {
  return documents.map((d) => d.suppliedOn ?? '').reduce((a, b) => (a > b ? a : b));
}

function envelopeOf(
  record: ApplicationRecord,
  type: ApplicationEventType,
  day: string,
  data: object,
  distinct: string | undefined,
  agencyId: string,
): ApplicationEvent {
  const name = `${agencyId}/${record.recordId}/${record.version}/${type}${distinct === undefined ? '' : `/${distinct}`}`;
  return {
    specversion: '1.0',
    id: uuidV5(name, APPLICATION_EVENT_NAMESPACE),
    type,
    source: `urn:hub:agency:${agencyId}`,
    time: `${day}T00:00:00+08:00`,
    datacontenttype: 'application/json',
    agency: agencyId,
    region: record.workRegion,
    contractversion: APPLICATION_EVENT_VERSIONS[type],
    ...recordAttributes(record),
    data,
  };
}
