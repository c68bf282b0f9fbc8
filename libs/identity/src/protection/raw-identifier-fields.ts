import type { IdentifierKind } from './mask-identifier.js';

/**
 * A place in an event payload that holds a raw identifier: a dot-separated path from the payload
 * root (`holder.passportNo`), where `*` stands for any one key, and arrays met on the way are
 * walked element by element (the concrete path then reads `members[2].passportNo`).
 */
export interface ProtectedField {
  readonly path: string;
  readonly kind: IdentifierKind;
  /** Only in events whose type starts with one of these (e.g. `permanent-residence.`); in all events when left out. */
  readonly eventTypes?: readonly string[];
}

/** The identifying fields of a Person (`@hub/contracts`) under `prefix`; nationality stays in the clear. */
export function personFields(prefix: string): ProtectedField[] {
  return [
    { path: `${prefix}.passportNo`, kind: 'passportNo' },
    { path: `${prefix}.birthDate`, kind: 'birthDate' },
    { path: `${prefix}.name`, kind: 'name' },
  ];
}

/**
 * The raw identifiers in the hub's event payloads, which the hub stores only encrypted: the
 * holder's and a residence principal's passport number, birth date and name, the passport number
 * before a replacement, and the numbers built from them: the taxpayer id (passport number,
 * nationality and birth date) and the permanent resident ID card number (which embeds the birth
 * date). Nationality stays in the clear, as do the numbers agencies give their own documents
 * (permit, visa, application numbers), by which they link records; the subject id is a keyed hash.
 */
export const RAW_IDENTIFIER_FIELDS: readonly ProtectedField[] = [
  ...personFields('holder'),
  ...personFields('principal.person'),
  { path: 'previousPassportNo', kind: 'passportNo' },
  { path: 'taxpayerId', kind: 'reference' },
  { path: 'cardNo', kind: 'reference', eventTypes: ['permanent-residence.'] },
];

/** The fields of `fields` that apply to events of `eventType`; all of them when the type is unknown (masking errs on the safe side). */
export function fieldsForEvent(eventType: string | undefined, fields: readonly ProtectedField[]): ProtectedField[] {
  if (eventType === undefined) return [...fields];
  return fields.filter((field) => !field.eventTypes || field.eventTypes.some((prefix) => eventType.startsWith(prefix)));
}

/** Where a rewrite happens: the concrete path (`holder.name`, `members[0].name`) and the field it matched. */
export interface FieldVisit {
  readonly path: string;
  readonly field: ProtectedField;
}

/**
 * A copy of `data` in which each value found at one of `fields` (other than null or absent) is
 * replaced by what `rewrite` returns for it. Only the objects and arrays on the way to a changed
 * value are copied; `data` itself is never changed. A place matched by several fields is rewritten
 * once, by the first.
 */
export function rewriteFields<T>(data: T, fields: readonly ProtectedField[], rewrite: (value: unknown, visit: FieldVisit) => unknown): T {
  const done = new Set<string>();
  let result: unknown = data;
  for (const field of fields) {
    result = walk(result, segmentsOf(field.path), 0, '', (value, path) => {
      if (done.has(path)) return value;
      done.add(path);
      return rewrite(value, { path, field });
    });
  }
  return result as T;
}

function walk(
  node: unknown,
  segments: readonly string[],
  at: number,
  path: string,
  onLeaf: (value: unknown, path: string) => unknown,
): unknown {
  if (Array.isArray(node)) {
    const items: readonly unknown[] = node;
    let copy: unknown[] | undefined;
    items.forEach((item, index) => {
      const next = walk(item, segments, at, `${path}[${index}]`, onLeaf);
      if (next !== item) (copy ??= [...items])[index] = next;
    });
    return copy ?? node;
  }
  if (node === null || node === undefined) return node;
  const segment = segments[at];
  if (segment === undefined) return onLeaf(node, path);
  if (typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const keys = segment === '*' ? Object.keys(record) : Object.hasOwn(record, segment) ? [segment] : [];
  let copy: Record<string, unknown> | undefined;
  for (const key of keys) {
    const child = record[key];
    const next = walk(child, segments, at + 1, path ? `${path}.${key}` : key, onLeaf);
    if (next !== child) (copy ??= { ...record })[key] = next;
  }
  return copy ?? node;
}

/** Split field paths: the same few paths are walked for every event. */
const segmentCache = new Map<string, string[]>();

function segmentsOf(path: string): string[] {
  const known = segmentCache.get(path);
  if (known) return known;
  const segments = path.split('.');
  if (segments.some((segment) => !/^(\*|[A-Za-z0-9_$-]+)$/.test(segment))) {
    throw new Error(`Field path "${path}" is not a dot-separated list of keys or *.`);
  }
  if (segmentCache.size < 1_000) segmentCache.set(path, segments);
  return segments;
}
