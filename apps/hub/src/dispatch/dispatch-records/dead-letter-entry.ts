import type { ConsumedRecord, DeadLetterEntry } from '@hub/messaging';

/** A dispatch-stream record as `dead_letters` keeps it, whole, with why it was parked. */
export function deadLetterEntry(
  at: { readonly topic: string; readonly partition: number },
  message: ConsumedRecord,
  errorCode: string,
  error: unknown,
): DeadLetterEntry {
  return {
    topic: at.topic,
    partition: at.partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    payload: message.value?.toString('utf8') ?? '',
    headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
    errorCode,
    errorMessage: String(error).slice(0, 1000),
  };
}
