import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { canonicalJson, type EventEnvelope, type ValidationIssue } from '@hub/contracts';
import { maskEventData } from '@hub/identity';

/**
 * The record an event changes, as the hub keeps versions of it: the record's kind, its business key
 * (kept only as a keyed hash), the publisher's id and version of it, and what its data says.
 */
export interface RecordRef {
  /** e.g. `work-permit`, `work-permit-application`; see RECORD_KEYS. */
  readonly kind: string;
  /** `rec_` + 32 hex digits: a keyed hash of the kind and the business key (or of the publisher's record id). */
  readonly key: string;
  /** The publisher's own id of the record (`recordid`). */
  readonly recordId: string;
  /** The publisher's version of the record after this event (`recordversion`). */
  readonly version: number;
  /** SHA-256 of the event type and its canonical data: two events of one version with the same hash say the same. */
  readonly dataHash: string;
  /** Each leaf of `data`: a short hash of its value and the value as shown to operators (raw identifiers masked). */
  readonly fields: RecordFields;
  /** Where `recordversion` is in the request (`recordversion`, `events[2].recordversion`), for a stale answer. */
  readonly path: string;
}

/** Leaf path of `data` → hash of its value (`h`) and the value shown, raw identifiers masked (`v`). */
export type RecordFields = Readonly<Record<string, { readonly h: string; readonly v: unknown }>>;

/**
 * Which field of `data` is the business key of each domain's records, first match wins: two
 * agencies' events with the same kind and key change the same record (a permit transferred between
 * provinces keeps its national permit number). A domain's events with none of these fields key the
 * record by the publisher and its `recordid`, so they never collide across agencies.
 */
export const RECORD_KEYS: Readonly<Record<string, readonly { readonly field: string; readonly kind: string }[]>> = {
  'work-permit': [
    { field: 'permitNo', kind: 'work-permit' },
    { field: 'applicationNo', kind: 'work-permit-application' },
  ],
  visa: [
    { field: 'visaNo', kind: 'visa' },
    { field: 'applicationNo', kind: 'visa-application' },
  ],
  'residence-permit': [
    { field: 'residencePermitNo', kind: 'residence-permit' },
    { field: 'permitNo', kind: 'residence-permit' },
  ],
  'permanent-residence': [
    { field: 'cardNo', kind: 'permanent-residence' },
    { field: 'applicationNo', kind: 'permanent-residence-application' },
  ],
  'talent-card': [{ field: 'cardNo', kind: 'talent-card' }],
  credit: [
    { field: 'recordNo', kind: 'credit-record' },
    { field: 'commitmentNo', kind: 'credit-commitment' },
  ],
  tax: [{ field: 'reportNo', kind: 'tax-report' }],
  education: [{ field: 'certificateNo', kind: 'education-certificate' }],
};

/**
 * The record a versioned event changes; undefined for an event without `recordversion` (stored as
 * before, without version checks). `recordversion` needs `recordid`.
 */
export function recordOf(envelope: EventEnvelope<object>, key: KeyObject, prefix = ''): RecordRef | ValidationIssue | undefined {
  if (envelope.recordversion === undefined) return undefined;
  if (envelope.recordid === undefined) {
    return {
      path: 'recordid',
      rule: 'isDefined',
      message: 'recordid is required with recordversion: give your own id of the record the event changes',
    };
  }
  const domain = envelope.type.slice(0, envelope.type.indexOf('.'));
  const data = envelope.data as Record<string, unknown>;
  const business = (RECORD_KEYS[domain] ?? []).find(({ field }) => typeof data[field] === 'string');
  const kind = business?.kind ?? domain;
  const identity = business ? `${kind}|${normalise(data[business.field] as string)}` : `${kind}|${envelope.agency}|${envelope.recordid}`;
  return {
    kind,
    key: `rec_${createHmac('sha256', key).update(identity).digest('hex').slice(0, 32)}`,
    recordId: envelope.recordid,
    version: envelope.recordversion,
    dataHash: createHash('sha256')
      .update(canonicalJson({ type: envelope.type, data }))
      .digest('hex'),
    fields: fieldsOf(envelope, business?.field),
    path: prefix ? `${prefix}.recordversion` : 'recordversion',
  };
}

/** The leaves of `data` but the business key (the same on both sides of a conflict, and kept only hashed). */
function fieldsOf(envelope: EventEnvelope<object>, keyField: string | undefined): RecordFields {
  const shown = flatten(maskEventData(envelope).data);
  const fields: Record<string, { h: string; v: unknown }> = {};
  for (const [path, value] of Object.entries(flatten(envelope.data))) {
    if (path === keyField) continue;
    fields[path] = { h: createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16), v: shown[path] };
  }
  return fields;
}

/** Leaf values by dotted path (array items by index). */
function flatten(value: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${name}` : name, into);
  } else {
    into[prefix] = value;
  }
  return into;
}

function normalise(key: string): string {
  return key.trim().toUpperCase();
}
