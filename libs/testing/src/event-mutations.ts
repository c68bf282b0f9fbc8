/** A JSON value, as an event travels. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One broken variant of an event: what was changed, and the event. */
export interface Mutation {
  readonly description: string;
  readonly event: Json;
}

/** Strings that show nothing: white space, no-break and ideographic spaces, separators, bidi and zero-width characters. */
export const INVISIBLE_TEXTS: readonly string[] = [
  ' ',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\u2029',
  '\u200b\u200c\u200d',
  '\u202e',
  '\u2066\u2069',
  '\ufeff',
  '\u00a0\u200f',
];

/**
 * Every leaf and object of the event, each changed in the ways agencies get events wrong: left
 * out, null, another type, empty, control and invisible characters, very long, another case,
 * trailing space, characters beyond the basic plane, numbers as strings, fractions, unknown fields.
 */
export function eventMutations(event: Json): Mutation[] {
  const found: Mutation[] = [];
  const visit = (value: Json, path: (string | number)[]): void => {
    const at = (replacement: Json | undefined, what: string): void => {
      found.push({ description: `${path.join('.') || '(root)'}: ${what}`, event: replaced(event, path, replacement) });
    };
    if (path.length > 0) {
      at(undefined, 'left out');
      at(null, 'null');
    }
    if (typeof value === 'string') {
      at(123, 'a number');
      at('', 'empty');
      at(`${value}\u0007`, 'with a control character');
      at(`${value}\u0000`, 'with NUL');
      at('x'.repeat(5000), 'very long');
      at(value.toLowerCase() === value ? value.toUpperCase() : value.toLowerCase(), 'other case');
      at(`${value} `, 'with a trailing space');
      at('𠮷'.repeat(150), 'long, beyond the basic plane');
      INVISIBLE_TEXTS.forEach((text, index) => at(text, `nothing visible #${index}`));
    } else if (typeof value === 'number') {
      at(String(value), 'a string');
      at(value + 0.5, 'a fraction');
      at(-1, 'negative');
      at(1e9, 'huge');
    } else if (typeof value === 'boolean') {
      at(String(value), 'a string');
    } else if (Array.isArray(value)) {
      at([], 'empty array');
      at({}, 'an object');
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (value !== null) {
      at([], 'an array');
      at({ ...value, unexpectedField: 'x' }, 'with an unknown field');
      for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
    }
  };
  visit(event, []);
  return found;
}

function replaced(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    if (replacement === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaced(root[Number(head)] ?? null, rest, replacement);
    return copy;
  }
  const object = root as { [key: string]: Json };
  const copy = { ...object };
  if (replacement === undefined && rest.length === 0) delete copy[head];
  else copy[head] = replaced(object[head] ?? null, rest, replacement);
  return copy;
}
