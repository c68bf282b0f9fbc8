/**
 * Keys whose values identify a person (compared lower-case, without `_` and `-`). Linkage case and
 * decision keys are built from the subject id and a permit number, so they count too.
 */
const IDENTIFYING_KEY =
  /(passport|name|birth|dob|idno|idcard|nationalid|permitno|cardno|visano|phone|mobile|email|address|subject|holder|documentno|certificateno|casekey|decisionkey)/;

/** A subject id (`sub_` and 32 hex digits) inside any other text, e.g. a message or a key built from it. */
const EMBEDDED_SUBJECT = /sub_[0-9a-f]{32}/g;

/** `E12345678` → `E12****78`: the first three and last two characters of a long value, nothing of a short one. */
export function maskValue(value: string): string {
  return value.length > 6 ? `${value.slice(0, 3)}****${value.slice(-2)}` : '****';
}

/**
 * A copy of `value` with every string under an identifying key masked (recursively, in arrays and
 * objects), for viewers: the console masks on the server, the browser never receives the raw value.
 */
export function maskIdentifiers(value: unknown, identifying = false): unknown {
  if (typeof value === 'string') return identifying ? maskValue(value) : value.replace(EMBEDDED_SUBJECT, maskValue);
  if (typeof value === 'number') return identifying ? '****' : value;
  if (Array.isArray(value)) return value.map((item) => maskIdentifiers(item, identifying));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        maskIdentifiers(item, identifying || IDENTIFYING_KEY.test(key.toLowerCase().replace(/[_-]/g, ''))),
      ]),
    );
  }
  return value;
}

/** A JSON text with its identifiers masked (a text that is not JSON is masked whole). */
export function maskJsonText(text: string): string {
  try {
    return JSON.stringify(maskIdentifiers(JSON.parse(text)));
  } catch {
    return maskValue(text);
  }
}
