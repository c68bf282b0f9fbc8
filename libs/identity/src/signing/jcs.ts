import { EventSignatureError, SIGNATURE_ERROR_CODES } from './signature.errors.js';

/** Deeper nesting than this is refused rather than risking the stack; events are a few levels deep. */
export const JCS_MAX_DEPTH = 100;

/** A lone (unpaired) UTF-16 surrogate: in `u` mode a well-formed pair is one code point, never `Cs`. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): no white space, object members sorted by the UTF-16
 * code units of their names, strings escaped and numbers written exactly as ECMAScript's
 * JSON.stringify writes them (RFC 8785 3.2.2 adopts that serialisation word for word). Encode the
 * result as UTF-8 to get the bytes to sign.
 *
 * JCS is defined on I-JSON (RFC 7493) data only, so everything else is refused with
 * EVENT_NOT_CANONICALIZABLE instead of being quietly turned into something else:
 * NaN and ±Infinity, bigint, functions, symbols, strings or names holding a lone surrogate, `undefined`
 * as an array element, objects with `toJSON` (Date, Buffer …) or that are not plain records (Map,
 * Set, RegExp, typed arrays, boxed primitives), cycles, and nesting deeper than JCS_MAX_DEPTH.
 * Members whose value is `undefined` are left out, as JSON.stringify leaves them out, so an object
 * with an optional field set to `undefined` canonicalizes like the JSON text it is sent as.
 *
 * Why not `canonicalJson` of @hub/contracts: it gives the same text for I-JSON data (jcs.spec.ts
 * checks both against the RFC's examples), but it is lenient where JCS must refuse (NaN becomes
 * `null`, a lone surrogate is escaped, a Date becomes `{}`), which for a content hash is harmless and
 * for a signature is not: two parties could sign different data while agreeing on the bytes.
 */
export function canonicalize(value: unknown): string {
  return write(value, '$', 0, new Set());
}

/**
 * The canonical members of a plain object, `"name":value` each, sorted as `canonicalize` sorts them
 * and with the same refusals and paths; `{` + their join by `,` + `}` is `canonicalize(record)`.
 * Lets one pass serve several canonical forms that differ only in which top-level members they hold.
 */
export function canonicalMembers(record: Record<string, unknown>): [name: string, text: string][] {
  const ancestors = new Set<object>([record]);
  const members: [string, string][] = [];
  for (const name of Object.keys(record).sort()) {
    const member = record[name];
    if (member === undefined) continue;
    const path = `$.${name}`;
    members.push([name, `${writeString(name, path)}:${write(member, path, 1, ancestors)}`]);
  }
  return members;
}

function write(value: unknown, path: string, depth: number, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `${String(value)} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, path, depth, ancestors);
    case 'undefined':
      return refuse(path, 'undefined is not a JSON value');
    case 'bigint':
    case 'function':
    case 'symbol':
      return refuse(path, `a ${typeof value} is not a JSON value`);
  }
}

function writeContainer(value: object, path: string, depth: number, ancestors: Set<object>): string {
  if (depth >= JCS_MAX_DEPTH) refuse(path, `the value is nested more than ${JCS_MAX_DEPTH} levels deep`);
  if (ancestors.has(value)) refuse(path, 'the value contains itself (a cycle)');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      let out = '[';
      for (let i = 0; i < items.length; i += 1) {
        out += (i > 0 ? ',' : '') + write(items[i], `${path}[${i}]`, depth + 1, ancestors);
      }
      return `${out}]`;
    }
    if (Object.prototype.toString.call(value) !== '[object Object]') {
      refuse(path, `a ${describe(value)} is not a JSON object; convert it to a string, number, array or plain object first`);
    }
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      refuse(path, 'an object with toJSON() is not JSON data; convert it to its JSON value first');
    }
    const record = value as Record<string, unknown>;
    // Array.prototype.sort without a comparator orders strings by UTF-16 code units (ECMA-262
    // SortCompare / IsLessThan), which is exactly the order RFC 8785 3.2.3 prescribes.
    const names = Object.keys(record).sort();
    let out = '{';
    for (const name of names) {
      const member = record[name];
      if (member === undefined) continue;
      const memberPath = `${path}.${name}`;
      out += `${out.length > 1 ? ',' : ''}${writeString(name, memberPath)}:${write(member, memberPath, depth + 1, ancestors)}`;
    }
    return `${out}}`;
  } finally {
    ancestors.delete(value);
  }
}

function writeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) refuse(path, 'the string holds a lone UTF-16 surrogate, which is not Unicode text');
  return JSON.stringify(value);
}

function describe(value: object): string {
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return tag === 'Object' ? 'non-plain object' : tag;
}

function refuse(path: string, why: string): never {
  throw new EventSignatureError(
    SIGNATURE_ERROR_CODES.notCanonicalizable,
    `The event has no RFC 8785 canonical form at ${path}: ${why}. Signed events may hold only JSON data (strings, finite numbers, booleans, null, arrays, plain objects); fix the value and sign again.`,
    { path },
  );
}
