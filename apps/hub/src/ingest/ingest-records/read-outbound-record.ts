import { readJsonBytes, type BodyRefusal } from '@hub/http';

/** An outbound record read as JSON (judged as an event by the publish path), or refused before that. */
export type OutboundRead = { readonly event: unknown } | { readonly refusal: BodyRefusal };

/**
 * Reads one outbound record's value as the HTTP body reader reads a request body: present, not over
 * `maxBytes`, nesting depth, strict UTF-8 JSON with unique, allowed member names. One record is one
 * event; whether the JSON is an event at all is the publish path's to judge.
 */
export function readOutboundRecord(value: Buffer | null, maxBytes: number): OutboundRead {
  if (value === null || value.length === 0) {
    return {
      refusal: {
        status: 400,
        code: 'MALFORMED_JSON',
        message: 'The record has no value; send one signed event as a JSON object per record.',
      },
    };
  }
  if (value.length > maxBytes) {
    return {
      refusal: {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The record is ${value.length} bytes, more than the ${maxBytes} one event may take; send one event per record and keep documents out of events.`,
      },
    };
  }
  const read = readJsonBytes(value);
  return 'value' in read ? { event: read.value } : { refusal: read };
}
