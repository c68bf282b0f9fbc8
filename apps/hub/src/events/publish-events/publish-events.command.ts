import type { Agency } from '../../agencies/index.js';

/** What a caller's `x-correlation-id` (HTTP header or Kafka record header) must look like to be used. */
export const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** A W3C `traceparent` the hub continues (as a child span); anything else starts a new trace. */
export const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Publish one event or a batch, as received from an agency. */
export interface PublishEventsCommand {
  /** The agency the request is authenticated as. */
  readonly agency: Agency;
  /** Raw events, not yet validated. */
  readonly events: readonly unknown[];
  /** Whether they came as a batch (`{ "events": [...] }`), which prefixes error paths with `events[i]`. */
  readonly batch: boolean;
  /** Correlation id of the request, used for events that carry none. */
  readonly correlationId: string;
  /** The hub's span for this request: a child of the caller's `traceparent`, or a new trace. */
  readonly traceparent: string;
  /**
   * Per event, in `events` order (Kafka ingest): the traceparent its own record carried, which the
   * event's span continues before the envelope's own and `traceparent`; undefined where none.
   */
  readonly recordTraceparents?: readonly (string | undefined)[];
  /**
   * false: a refusal is not written to the audit trail here, because the caller tries the events
   * again one at a time and each refusal is recorded then (Kafka ingest). Default true.
   */
  readonly auditRefusal?: boolean;
}

/**
 * What happened to each event, in request order: stored (`accepted`), stored before or the same as
 * the record version held (`duplicate`), or a change to a record another agency holds, queued for an
 * operator (`held`, with the conflict's id).
 */
export interface PublishEventsResult {
  readonly events: readonly PublishedEvent[];
}

export interface PublishedEvent {
  readonly id: string;
  readonly status: 'accepted' | 'duplicate' | 'held';
  readonly correlationId: string;
  /** With `held`: the conflict in the queue (see `GET /v1/record-conflicts/{id}`). */
  readonly conflictId?: string;
}
