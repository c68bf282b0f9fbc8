import { createHash, type KeyObject } from 'node:crypto';
import { canonicalJson, KAFKA_HEADERS, type EventEnvelope, type ValidatedEvent, type ValidationIssue } from '@hub/contracts';
import { encryptEventData, type FieldCipher } from '@hub/identity';
import { markHop, tracingOn } from '@hub/observability';
import { deriveSubjectId } from '../../subjects/index.js';
import type { PreparedEvent } from '../event-store.port.js';
import { recordOf } from '../record-versions/record-identity.js';

/** What the request adds to each event. */
export interface RequestContext {
  readonly correlationId: string;
  /** The hub's span for this request (a child of the caller's, or a new trace). */
  readonly traceparent: string;
  /** The traceparent of the event's own Kafka record (ingest), continued before the envelope's. */
  readonly recordTraceparent?: string | undefined;
  readonly subjectIdKey: KeyObject;
  /** Encrypts the raw identifiers of the stored copy. */
  readonly cipher: FieldCipher;
  /** The purpose (legal basis) of the grant the event is published under. */
  readonly purpose: string;
  /** The canonical text of the event as received, when the signature check made it already. */
  readonly canonical?: string | undefined;
  /** Where the event is in the request (`events[3]`, or '' for a single event), for error paths. */
  readonly prefix?: string;
}

/**
 * Completes a validated event for the canonical topic: derives the subject id from the person's
 * identifiers, keeps the publisher's correlation id and trace (or the request's), hashes the
 * content as sent, and serializes it for Kafka and, raw identifiers encrypted, for the event store.
 */
export function prepareEvent({ envelope, contract }: ValidatedEvent, request: RequestContext): PreparedEvent | ValidationIssue {
  // The signature check's canonical text of the event as sent is the same text canonicalJson gives
  // for a validated event (JSON data only, no lone surrogates), so the event is canonicalized once.
  const contentHash = createHash('sha256')
    .update(request.canonical ?? canonicalJson(envelope))
    .digest('hex');
  const derived = contract.identify ? deriveSubjectId(contract.identify(envelope.data), request.subjectIdKey) : undefined;
  if (derived && envelope.subject && envelope.subject !== derived) {
    return {
      path: 'subject',
      rule: 'matchesIdentifiers',
      message: 'subject does not belong to the person identified in data; leave it out and the hub derives it',
    };
  }
  const subject = derived ?? envelope.subject;
  if (!subject) return { path: 'subject', rule: 'isDefined', message: 'subject is required for this event type' };
  const record = recordOf(envelope, request.subjectIdKey, request.prefix);
  if (record && 'rule' in record) return record;
  const correlationId = envelope.correlationid ?? request.correlationId;
  // The event's own span (accepted by the hub) under the traceparent of its Kafka record, the one it
  // carries, or the request's; with tracing off and neither its record's nor its own, the request's
  // traceparent as it is (nothing made per event).
  const own = request.recordTraceparent ?? envelope.traceparent;
  const traceparent =
    own || tracingOn()
      ? markHop(`accept ${envelope.type}`, own ?? request.traceparent, 'producer', { 'hub.event_id': envelope.id })
      : request.traceparent;
  const canonical = { ...envelope, subject, correlationid: correlationId, traceparent, datacontenttype: 'application/json' };
  return {
    id: envelope.id,
    type: envelope.type,
    contractVersion: envelope.contractversion,
    agency: envelope.agency,
    region: envelope.region,
    subject,
    occurredAt: envelope.time,
    correlationId,
    contentHash,
    envelope: canonical as EventEnvelope<object>,
    payload: JSON.stringify(canonical),
    storedEnvelope: JSON.stringify(encryptEventData(request.cipher, canonical)),
    topic: contract.topic,
    purpose: request.purpose,
    headers: {
      [KAFKA_HEADERS.contentType]: 'application/cloudevents+json; charset=utf-8',
      [KAFKA_HEADERS.eventId]: envelope.id,
      [KAFKA_HEADERS.eventType]: envelope.type,
      [KAFKA_HEADERS.contractVersion]: String(envelope.contractversion),
      [KAFKA_HEADERS.correlationId]: correlationId,
      [KAFKA_HEADERS.traceparent]: traceparent,
    },
    record,
  };
}
