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

/** No event with this id. */
export class EventNotFoundError extends HubError {
  constructor(id: string) {
    super('NOT_FOUND', `No event with id ${id} is stored in the hub. Check the id returned when it was published.`, {
      context: { eventId: id },
    });
  }
}
