import { fieldsForEvent, RAW_IDENTIFIER_FIELDS, rewriteFields } from '@hub/identity';

/** What a projection keeps (the policy's `projections[]`). */
export interface ProjectionRule {
  readonly name: string;
  /** Paths under `data`: `holder.passportNo`, a subtree `holder.*`, or everything `*`. */
  readonly fields: readonly string[];
  /** false: raw identifiers and document numbers are removed wherever the fields would take them. */
  readonly rawIdentifiers: boolean;
  /** With rawIdentifiers false: true keeps the document numbers all the same. */
  readonly documentNumbers?: boolean | undefined;
  /** With rawIdentifiers false: event types (`domain.*` allowed) whose raw identifiers are kept all the same. */
  readonly rawIdentifiersIn?: readonly string[] | undefined;
}

/** Document numbers a projection without raw identifiers also removes, at any depth. */
export const DOCUMENT_NUMBER_FIELDS: ReadonlySet<string> = new Set(['permitNo', 'noticeNo', 'visaNo', 'cardNo', 'workPermitNo']);

const REMOVED = Symbol('removed');

/**
 * The event as a subscriber under `projection` receives it: the envelope as published (less the
 * publisher's signature, which covers fields the subscriber may not see) and only the projected
 * fields of `data`. Never changes `event`.
 */
export function projectEvent<E extends { readonly type: string; readonly data: unknown }>(event: E, projection: ProjectionRule): E {
  const envelope: Record<string, unknown> = { ...event };
  delete envelope['signature'];
  let data = pick(event.data, projection.fields);
  if (!projection.rawIdentifiers && !keepsRawIdentifiersOf(projection, event.type)) {
    data = rewriteFields(data, fieldsForEvent(event.type, RAW_IDENTIFIER_FIELDS), () => REMOVED);
    data = withoutRemoved(data, projection.documentNumbers === true);
  }
  return { ...envelope, data } as unknown as E;
}

/** The parts of `data` the field paths name. */
function pick(data: unknown, fields: readonly string[]): unknown {
  if (fields.includes('*')) return structuredClone(data);
  const result: Record<string, unknown> = {};
  for (const field of fields) copyPath(data, result, field.replace(/\.\*$/, '').split('.'));
  return result;
}

function copyPath(source: unknown, target: Record<string, unknown>, segments: readonly string[]): void {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return;
  const [head, ...rest] = segments;
  if (head === undefined || !(head in source)) return;
  const value = (source as Record<string, unknown>)[head];
  if (rest.length === 0) {
    target[head] = structuredClone(value);
  } else if (Array.isArray(value)) {
    const existing = Array.isArray(target[head]) ? (target[head] as Record<string, unknown>[]) : value.map(() => ({}));
    value.forEach((item, i) => copyPath(item, existing[i] as Record<string, unknown>, rest));
    target[head] = existing;
  } else if (typeof value === 'object' && value !== null) {
    const existing = (typeof target[head] === 'object' && target[head] !== null ? target[head] : {}) as Record<string, unknown>;
    copyPath(value, existing, rest);
    target[head] = existing;
  }
}

/** Whether the projection keeps the raw identifiers of events of `type` although it strips them elsewhere. */
export function keepsRawIdentifiersOf(projection: ProjectionRule, type: string): boolean {
  return (projection.rawIdentifiersIn ?? []).some(
    (entry) => entry === type || (entry.endsWith('.*') && type.startsWith(entry.slice(0, -1))),
  );
}

/** `data` without the values marked REMOVED and, unless kept, without document numbers. */
function withoutRemoved(node: unknown, keepDocumentNumbers: boolean): unknown {
  if (Array.isArray(node)) return node.filter((item) => item !== REMOVED).map((item) => withoutRemoved(item, keepDocumentNumbers));
  if (typeof node !== 'object' || node === null) return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === REMOVED || (!keepDocumentNumbers && DOCUMENT_NUMBER_FIELDS.has(key))) continue;
    result[key] = withoutRemoved(value, keepDocumentNumbers);
  }
  return result;
}
