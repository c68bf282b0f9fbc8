import { ValidationFailedError } from '@hub/contracts';

/**
 * The media types `POST /v1/events` reads: plain JSON (one event, or `{ "events": [...] }`), and
 * the CloudEvents HTTP binding's structured mode (one event) and batched mode (a JSON array of
 * events), which is what the official CloudEvents SDKs send.
 */
export const PUBLISH_MEDIA_TYPES = {
  json: 'application/json',
  cloudEvent: 'application/cloudevents+json',
  cloudEventBatch: 'application/cloudevents-batch+json',
} as const;

/** The events of a request body and whether they came as a batch (which prefixes error paths with `events[i]`). */
export interface PublishBody {
  readonly events: readonly unknown[];
  readonly batch: boolean;
}

/**
 * Reads the events out of a parsed body by its media type (`mediaType` as matched by the body
 * reader). A CloudEvents batch must be a JSON array; anything else is read as today: a
 * `{ "events": [...] }` batch or one event, which validation then judges.
 */
export function readPublishBody(mediaType: string | false | null, body: unknown): PublishBody {
  if (mediaType === PUBLISH_MEDIA_TYPES.cloudEventBatch) {
    if (!Array.isArray(body)) {
      throw new ValidationFailedError([
        {
          path: '',
          rule: 'isArray',
          message: `a ${PUBLISH_MEDIA_TYPES.cloudEventBatch} body must be a JSON array of events; send one event as ${PUBLISH_MEDIA_TYPES.cloudEvent}`,
        },
      ]);
    }
    return { events: body as unknown[], batch: true };
  }
  if (mediaType === PUBLISH_MEDIA_TYPES.cloudEvent) return { events: [body], batch: false };
  return isEventsObject(body) ? { events: body.events, batch: true } : { events: [body], batch: false };
}

function isEventsObject(body: unknown): body is { events: unknown[] } {
  return typeof body === 'object' && body !== null && 'events' in body && Array.isArray(body.events);
}
