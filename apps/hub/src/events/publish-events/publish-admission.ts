import { Injectable } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import { HubConfig } from '../../config/hub-config.js';

/** The API process has as many events in hand as it takes at once; nothing of the request was stored. */
export class HubBusyError extends HubError {
  readonly retryAfterSeconds = 1;

  constructor(inFlight: number, limit: number) {
    super(
      'HUB_BUSY',
      `The hub is working on ${inFlight} events already (it takes up to ${limit} at once per API process); nothing of this request was stored. Send the same request again after the Retry-After seconds.`,
      { retriable: true, context: { inFlight, limit } },
    );
  }
}

/**
 * Bounds the events an API process holds at once between reading a request and answering it
 * (`MAX_EVENTS_IN_FLIGHT`). Past the bound a request is answered at once with 503 HUB_BUSY and
 * Retry-After, instead of waiting in memory behind the others: under a load above what the
 * machine can store, memory and the wait of each accepted request stay bounded, and clients back off
 * (as for 429). A request comes in whenever nothing else is in hand, however large, so a request
 * within MAX_EVENTS_PER_REQUEST is never refused for its own size.
 */
@Injectable()
export class PublishAdmission {
  private inFlight = 0;
  private readonly limit: number;

  constructor(config: HubConfig) {
    this.limit = config.MAX_EVENTS_IN_FLIGHT;
  }

  /** Takes `events` into hand, or throws HubBusyError; call the returned function once they are answered. */
  enter(events: number): () => void {
    if (this.inFlight > 0 && this.inFlight + events > this.limit) throw new HubBusyError(this.inFlight, this.limit);
    this.inFlight += events;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= events;
    };
  }
}
