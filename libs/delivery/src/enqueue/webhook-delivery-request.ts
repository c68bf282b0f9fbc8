import { UUID_FORMAT } from '@hub/contracts';
import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';

/** One event to push to one subscription's endpoint. */
export interface WebhookDeliveryRequest {
  readonly subscriptionId: string;
  /** The subscribing agency: whose receipt is expected. */
  readonly agencyId: string;
  /** https:// (http:// only where the worker allows it, in tests). */
  readonly endpoint: string;
  readonly eventId: string;
  readonly eventType: string;
  /** The person the event is about (the hub's subject id): deliveries of one subject go out in order. */
  readonly subjectId: string;
  /** The JSON body, already projected for the subscriber: text sent byte for byte, or a value to JSON.stringify. */
  readonly payload: string | object;
}

/** A request checked and ready for the database. */
export interface ValidRequest {
  readonly subscriptionId: string;
  readonly agencyId: string;
  readonly endpoint: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subjectId: string;
  readonly payload: string;
}

/** Largest body the engine stores and sends. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
const ID_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const CONTROL_CHARACTERS = /\p{Cc}/u;

/** Checks one request; throws DELIVERY_REQUEST_INVALID naming the field and what to send instead. */
export function validateRequest(request: WebhookDeliveryRequest, index: number): ValidRequest {
  const fail = (message: string): never => {
    throw new DeliveryError(DELIVERY_ERROR_CODES.requestInvalid, `delivery request ${index}: ${message}`, { index });
  };
  if (!ID_FORMAT.test(request.subscriptionId)) fail('subscriptionId must be 1–128 characters A-Z a-z 0-9 . _ : @ -');
  if (!ID_FORMAT.test(request.agencyId)) fail('agencyId must be 1–128 characters A-Z a-z 0-9 . _ : @ -');
  if (!UUID_FORMAT.test(request.eventId)) fail('eventId must be a UUID');
  if (!isShortText(request.eventType)) fail('eventType must be 1–200 characters without control characters');
  if (!isShortText(request.subjectId)) fail('subjectId must be 1–200 characters without control characters');
  const endpointProblem = endpointFormatProblem(request.endpoint);
  if (endpointProblem) fail(`endpoint ${endpointProblem}`);
  const payload = typeof request.payload === 'string' ? request.payload : JSON.stringify(request.payload);
  if (typeof payload !== 'string') fail('payload must be JSON text or a JSON value');
  try {
    JSON.parse(payload);
  } catch {
    fail('payload must be JSON text');
  }
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) fail(`payload must stay under ${MAX_PAYLOAD_BYTES} bytes`);
  return {
    subscriptionId: request.subscriptionId,
    agencyId: request.agencyId,
    endpoint: request.endpoint,
    eventId: request.eventId.toLowerCase(),
    eventType: request.eventType,
    subjectId: request.subjectId,
    payload,
  };
}

/** Why `endpoint` cannot be a webhook URL, or undefined. Credentials in the URL are refused: they would be stored with every delivery. */
export function endpointFormatProblem(endpoint: string): string | undefined {
  if (typeof endpoint !== 'string' || endpoint.length > 2048) return 'must be a URL of at most 2048 characters';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be https:// (or http:// in tests)';
  if (url.username || url.password) return 'must not carry credentials; the hub signs its requests instead';
  return undefined;
}

function isShortText(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 200 && !CONTROL_CHARACTERS.test(value);
}
