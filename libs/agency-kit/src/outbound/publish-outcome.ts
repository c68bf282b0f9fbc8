/** What the hub did with one record of an agency's outbound topic. */
export const PUBLISH_OUTCOME_STATUSES = ['accepted', 'duplicate', 'refused', 'held'] as const;
export type PublishOutcomeStatus = (typeof PUBLISH_OUTCOME_STATUSES)[number];

/** One broken rule of a refused record: where, which rule, why (English and Chinese). */
export interface PublishOutcomeIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  readonly messageZh?: string;
}

/** Why a record was refused: the same code, status and wording as the HTTP answer to the same event. */
export interface PublishOutcomeError {
  /** Stable error code (VALIDATION_FAILED, PUBLISH_REFUSED, EVENT_ID_CONFLICT, NOT_AN_EVENT, …). */
  readonly code: string;
  /** The HTTP status the same event would have been answered with over `POST /v1/events`. */
  readonly status: number;
  readonly message: string;
  readonly messageZh?: string;
  readonly issues?: readonly PublishOutcomeIssue[];
  /** The version the hub holds, when a stale record version was refused (409). */
  readonly currentVersion?: number;
}

/** The conflict a `held` record waits in, or the operator's resolution of it (a second outcome for the same record). */
export interface PublishOutcomeConflict {
  /** The conflict's id (`GET /v1/record-conflicts/{id}`). */
  readonly id: string;
  /** open: waiting for an operator; accepted: the record's version is stored; rejected: the holding agency's version stays. */
  readonly state: 'open' | 'accepted' | 'rejected';
  /** The agency that holds the record, and the version it holds. */
  readonly heldBy: string;
  readonly heldVersion: number;
  /** The version this record carried. */
  readonly incomingVersion: number;
  /** Once resolved: the version that won (the incoming one when accepted, the held one when rejected). */
  readonly winningVersion?: number;
  /** Once resolved: the operator's note. */
  readonly note?: string;
}

/**
 * The hub's answer to one record of `agency.<id>.outbound`, published as JSON on
 * `agency.<id>.outcomes` with the event id as key: one per record, in the record's partition order.
 */
export interface PublishOutcome {
  /** The event's id; null when the record was not an event at all (not JSON, no id). */
  readonly eventId: string | null;
  /** `held`: in the conflict queue, waiting for an operator. */
  readonly status: PublishOutcomeStatus;
  /** Where the record was read: its outbound partition and offset. */
  readonly outboundOffset: { readonly partition: number; readonly offset: string };
  /** Present when `status` is `refused` (or `held`, with why). */
  readonly error?: PublishOutcomeError;
  /** With `held`, and with the final outcome an operator's resolution sends for the same record later. */
  readonly conflict?: PublishOutcomeConflict;
  /** When the hub decided, RFC 3339. */
  readonly at: string;
}

/** A PublishOutcome read back from its JSON, or a sentence saying why it is not one. */
export function parsePublishOutcome(value: Buffer | string | null): PublishOutcome | { readonly invalid: string } {
  if (value === null) return { invalid: 'the record has no value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    return { invalid: 'the record is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { invalid: 'the record is not a JSON object' };
  const outcome = parsed as Partial<Record<keyof PublishOutcome, unknown>>;
  const offset = outcome.outboundOffset as { partition?: unknown; offset?: unknown } | undefined;
  if (!(typeof outcome.eventId === 'string' || outcome.eventId === null)) return { invalid: 'eventId must be a string or null' };
  if (!PUBLISH_OUTCOME_STATUSES.includes(outcome.status as PublishOutcomeStatus)) {
    return { invalid: `status must be one of ${PUBLISH_OUTCOME_STATUSES.join(', ')}` };
  }
  if (typeof offset !== 'object' || typeof offset.partition !== 'number' || typeof offset.offset !== 'string') {
    return { invalid: 'outboundOffset must be { partition: number, offset: string }' };
  }
  if (typeof outcome.at !== 'string') return { invalid: 'at must be an RFC 3339 time' };
  if (outcome.error !== undefined && (typeof outcome.error !== 'object' || outcome.error === null)) {
    return { invalid: 'error must be an object' };
  }
  if (outcome.conflict !== undefined && (typeof outcome.conflict !== 'object' || outcome.conflict === null)) {
    return { invalid: 'conflict must be an object' };
  }
  return parsed as PublishOutcome;
}
