import { randomUUID } from 'node:crypto';
import { LINKAGE_AGENCY_ID } from '../config/linkage-config.js';
import { LINKAGE_SOURCE } from './linkage-event-types.js';

/** What an envelope names: the event's type, the person, the region (GB/T 2260) it is filed under, its data. */
export interface EnvelopeFacts {
  readonly type: string;
  readonly subject: string;
  readonly region: string;
  readonly data: object;
}

/**
 * The CloudEvent envelope of a linkage event, unsigned: the linkage agency's source, a new id unless
 * one is given, contract version 1. Every linkage event is built here, the service's and the cases API's.
 */
export function linkageEventEnvelope<E extends EnvelopeFacts>(event: E, time: string, id: string = randomUUID()) {
  return {
    specversion: '1.0' as const,
    id,
    type: event.type,
    source: LINKAGE_SOURCE,
    subject: event.subject,
    time,
    agency: LINKAGE_AGENCY_ID,
    region: event.region,
    contractversion: 1 as const,
    data: event.data as E['data'],
  };
}
