import { HubError } from '@hub/contracts';

/** An event id that was already used for an event with different content. */
export class EventIdConflictError extends HubError {
  constructor(readonly eventIds: readonly string[]) {
    super(
      'EVENT_ID_CONFLICT',
      `Event id ${eventIds.join(', ')} was already used for an event with different content. Event ids are unique per event: give a new event a new id, and resend an event only unchanged.`,
      { retriable: false },
    );
  }
}

/** The event store could not be reached or failed; the request can be sent again safely. */
export class EventStoreUnavailableError extends HubError {
  constructor(cause: unknown) {
    super('STORE_UNAVAILABLE', 'The hub could not store the events just now; nothing was stored. Send the same request again later.', {
      retriable: true,
      cause,
    });
  }
}

/** No event with this id that the reader may see: an unknown id and another agency's event get the same answer. */
export class EventNotFoundError extends HubError {
  constructor(id: string) {
    super(
      'NOT_FOUND',
      `No event with id ${id} that your agency may read is stored in the hub (an agency reads the events it published and those delivered to its subscriptions). Check the id returned when it was published.`,
      { context: { eventId: id } },
    );
  }
}

/** One event the publishing agency may not publish as sent: where, which check, why. */
export interface PublishRefusal {
  readonly path: string;
  /** AGENCY_MISMATCH, PUBLISH_DENIED or a signature code such as SIGNATURE_INVALID. */
  readonly rule: string;
  readonly message: string;
}

/**
 * The authenticated agency may not publish one or more events of the request (another agency's
 * events, a type or region outside policy, a missing or bad signature). Nothing of the request is stored.
 */
export class PublishRefusedError extends HubError {
  readonly issues: readonly PublishRefusal[];

  constructor(agencyId: string, issues: readonly PublishRefusal[]) {
    super(
      'PUBLISH_REFUSED',
      `${agencyId} may not publish this request as sent: ${issues.map((issue) => `${issue.path || '(event)'} (${issue.rule})`).join(', ')}. Nothing was stored.`,
      { retriable: false, context: { agency: agencyId } },
    );
    this.issues = issues;
  }
}

/** The agency sent more events than its rate allows; nothing of the request is stored. */
export class RateLimitedError extends HubError {
  constructor(
    agencyId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      'RATE_LIMITED',
      `${agencyId} is sending events faster than its limit; nothing of this request was stored. Send it again after ${retryAfterSeconds} s.`,
      { retriable: true, context: { agency: agencyId } },
    );
  }
}

/** The subscriptions, policy or agencies kept changing while the events were routed; nothing was stored. */
export class RoutingChangedError extends HubError {
  constructor(tries: number, cause: unknown) {
    super(
      'STORE_UNAVAILABLE',
      `The hub's subscriptions or policy changed ${tries} times while the events were being routed; nothing was stored. Send the same request again.`,
      { retriable: true, cause, context: { tries } },
    );
  }
}
