import type { FieldCipher } from './field-cipher.js';
import { FIELD_PROTECTION_CODES, FieldProtectionError } from './protection.errors.js';
import { fieldsForEvent, RAW_IDENTIFIER_FIELDS } from './raw-identifier-fields.js';
import {
  decryptFields,
  encryptFields,
  maskFields,
  reencryptFields,
  type ContextFor,
  type DecryptFieldOptions,
  type FieldOptions,
  type ReencryptFieldOptions,
} from './protect-fields.js';

/** What these helpers need of an event envelope: its id, its type and its payload. */
export interface EventWithData {
  readonly id: string;
  readonly type: string;
  readonly data?: unknown;
}

/**
 * The context (AAD) of a field of an event's payload: the event id and the field's path within
 * `data`, as a JSON array so no two (id, path) pairs give the same bytes. A value encrypted for one
 * event and field does not decrypt as another event's or another field's.
 */
export function eventFieldContext(eventId: string, path: string): string {
  return JSON.stringify(['hub-event', eventId, path]);
}

/** The envelope with the raw identifiers in `data` encrypted, ready to store. Other attributes are kept as they are. */
export function encryptEventData<T extends EventWithData>(cipher: FieldCipher, envelope: T, options: FieldOptions = {}): T {
  return { ...envelope, data: encryptFields(cipher, envelope.data, contextOf(envelope), eventOptions(envelope, options)) };
}

/** The stored envelope with the raw identifiers in `data` decrypted, ready to deliver. */
export function decryptEventData<T extends EventWithData>(cipher: FieldCipher, envelope: T, options: DecryptFieldOptions = {}): T {
  return { ...envelope, data: decryptFields(cipher, envelope.data, contextOf(envelope), eventOptions(envelope, options)) };
}

/** The stored envelope with every token in `data` under the active key, and how many values changed. */
export function reencryptEventData<T extends EventWithData>(
  cipher: FieldCipher,
  envelope: T,
  options: ReencryptFieldOptions = {},
): { envelope: T; changed: number } {
  const { data, changed } = reencryptFields(cipher, envelope.data, contextOf(envelope), eventOptions(envelope, options));
  return { envelope: changed === 0 ? envelope : { ...envelope, data }, changed };
}

/** The envelope with the raw identifiers in `data` masked (plain or encrypted), for logs and restricted output. */
export function maskEventData<T extends { readonly type?: unknown; readonly data?: unknown }>(envelope: T, options: FieldOptions = {}): T {
  return { ...envelope, data: maskFields(envelope.data, eventOptions(envelope, options)) };
}

/** The options with the fields narrowed to those that apply to the event's type. */
function eventOptions<O extends FieldOptions>(envelope: { readonly type?: unknown }, options: O): O {
  const type = typeof envelope?.type === 'string' ? envelope.type : undefined;
  return { ...options, fields: fieldsForEvent(type, options.fields ?? RAW_IDENTIFIER_FIELDS) };
}

function contextOf(envelope: EventWithData): ContextFor {
  const eventId: unknown = envelope?.id;
  if (typeof eventId !== 'string' || eventId === '') {
    throw new FieldProtectionError(FIELD_PROTECTION_CODES.contextMissing, 'The event has no id to bind its encrypted fields to.');
  }
  return (path) => eventFieldContext(eventId, path);
}
