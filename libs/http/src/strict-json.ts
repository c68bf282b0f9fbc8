import { FORBIDDEN_MEMBER_NAMES, type ValidationIssue } from '@hub/contracts';

/** Why a body is not strict JSON: not text (`utf8`), not JSON (`syntax`), or a member name refused (`issue`). */
export type StrictJsonProblem =
  | { readonly kind: 'utf8'; readonly message: string }
  | { readonly kind: 'syntax'; readonly message: string }
  | { readonly kind: 'issue'; readonly issue: ValidationIssue };

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a JSON text the one way every reader of it must agree on: strict UTF-8 (no replacement
 * characters, no byte order mark), RFC 8259 syntax, and objects whose member names are unique and
 * none of FORBIDDEN_MEMBER_NAMES. A duplicate name is refused rather than "last one wins", because
 * a signature checked over one reading and a record stored from another is a forgery.
 */
export function parseStrictJson(bytes: Uint8Array): { readonly value: unknown } | { readonly problem: StrictJsonProblem } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { problem: { kind: 'utf8', message: 'The body starts with a byte order mark; send UTF-8 JSON without one.' } };
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    return {
      problem: {
        kind: 'utf8',
        message: `The body is not valid UTF-8 (at byte ${at}: UTF-16, Latin-1 or broken bytes); send it encoded as UTF-8.`,
      },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: { kind: 'syntax', message: `The request body is not valid JSON: ${(error as Error).message}` } };
  }
  const issue = memberNameIssue(text);
  return issue ? { problem: { kind: 'issue', issue } } : { value };
}

/**
 * The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or the length when all are.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const [length, low, high] = sequenceOf(lead);
    if (length === 0) return i;
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return i;
}

/** The length of the UTF-8 sequence `lead` begins and the range of its second byte; length 0 when no sequence begins so. */
function sequenceOf(lead: number): [length: number, low: number, high: number] {
  if (lead < 0x80) return [1, 0, 0];
  if (lead < 0xc2) return [0, 0, 0]; // a continuation byte, or an overlong two-byte form
  if (lead < 0xe0) return [2, 0x80, 0xbf];
  if (lead < 0xf0) return [3, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf]; // no overlong forms, no surrogates
  if (lead < 0xf5) return [4, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf]; // nothing above U+10FFFF
  return [0, 0, 0];
}

/** An open object or array; its path is built only when an issue is found. */
type Frame =
  | {
      readonly kind: 'object';
      readonly parent: Frame | undefined;
      readonly at: string | number | undefined;
      readonly names: Set<string>;
      name: string | undefined;
      expectingName: boolean;
    }
  | { readonly kind: 'array'; readonly parent: Frame | undefined; readonly at: string | number | undefined; index: number };

/** The next character that opens or closes a string, an object or an array, or separates members. */
const STRUCTURAL = /["{}[\],]/g;

/**
 * The first duplicate or forbidden member name of a valid JSON text, with its path
 * (`events[2].data.holder.name`), or undefined. Escaped names (`"\u005f_proto__"`) are read as JSON
 * reads them. One pass, no recursion, so nesting cannot overflow the stack.
 */
export function memberNameIssue(text: string): ValidationIssue | undefined {
  let top: Frame | undefined;
  STRUCTURAL.lastIndex = 0;
  for (let match = STRUCTURAL.exec(text); match; match = STRUCTURAL.exec(text)) {
    const i = match.index;
    const char = match[0];
    if (char === '"') {
      const end = stringEnd(text, i);
      if (top?.kind === 'object' && top.expectingName) {
        const raw = text.slice(i, end + 1);
        const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (FORBIDDEN_MEMBER_NAMES.has(name)) {
          const path = pathOf(top, name);
          return { path, rule: 'allowedMemberName', message: `${path}: the member name ${name} is not allowed in any object` };
        }
        if (top.names.has(name)) {
          const path = pathOf(top, name);
          return { path, rule: 'uniqueMemberName', message: `${path} appears more than once in the same object; send each member once` };
        }
        top.names.add(name);
        top.name = name;
        top.expectingName = false;
      }
      STRUCTURAL.lastIndex = end + 1;
    } else if (char === '{') {
      top = { kind: 'object', parent: top, at: keyIn(top), names: new Set(), name: undefined, expectingName: true };
    } else if (char === '[') {
      top = { kind: 'array', parent: top, at: keyIn(top), index: 0 };
    } else if (char === '}' || char === ']') {
      top = top?.parent;
    } else if (top?.kind === 'object') {
      top.expectingName = true;
    } else if (top) {
      top.index += 1;
    }
  }
  return undefined;
}

/** Where a child opened now sits in `parent`: its member name or item index. */
function keyIn(parent: Frame | undefined): string | number | undefined {
  if (!parent) return undefined;
  return parent.kind === 'array' ? parent.index : parent.name;
}

/** The dotted path of member `name` of `frame` (`events[2].data.holder.name`). */
function pathOf(frame: Frame, name: string): string {
  const keys: (string | number)[] = [name];
  for (let node: Frame | undefined = frame; node?.at !== undefined; node = node.parent) keys.push(node.at);
  return keys.reverse().reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length - 1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    i = quote + 1;
  }
}
