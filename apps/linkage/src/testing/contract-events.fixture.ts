import { randomUUID } from 'node:crypto';
import { findContract, validateEvent } from '@hub/contracts';
import { fieldsForEvent, RAW_IDENTIFIER_FIELDS, rewriteFields } from '@hub/identity';

type Json = Record<string, unknown>;

/** Where an event comes from: its id, person, time (RFC 3339) and GB/T 2260 region. */
export interface EventPlace {
  readonly subject: string;
  readonly time: string;
  readonly id?: string;
  readonly region?: string;
  readonly version?: number;
}

const PUBLISHER: Readonly<Record<string, string>> = {
  'work-permit': 'bureau-310000',
  'talent-card': 'bureau-310000',
  'residence-permit': 'psb-310000',
  'permanent-residence': 'psb-310000',
  visa: 'psb-310000',
  education: 'moe',
  tax: 'tax',
  credit: 'credit',
};

/** Event types whose raw identifiers the linkage agency's projection keeps (policy: rawIdentifiersIn). */
const RAW_IDENTIFIERS_KEPT = new Set(['work-permit.commitment-verified']);

/**
 * A canonical event as the hub delivers it to the linkage agency (every fact, no signature, the
 * subject set, no raw identifiers but in work-permit.commitment-verified): the contract's published
 * example with `data` fields replaced by `data`, checked against its contract before the
 * identifiers are withheld, so a spec never feeds the pipeline an event the hub would have refused.
 */
export function contractEvent(type: string, data: Json, place: EventPlace): Json & { id: string; subject: string } {
  const version = place.version ?? 1;
  const contract = findContract(type, version);
  if (!contract) throw new Error(`No contract ${type} v${version}`);
  const agency = PUBLISHER[type.split('.')[0] ?? ''] ?? 'bureau-310000';
  const event = {
    specversion: '1.0',
    id: place.id ?? randomUUID(),
    type,
    source: `urn:hub:agency:${agency}`,
    subject: place.subject,
    time: place.time,
    agency,
    region: place.region ?? '310115',
    contractversion: version,
    correlationid: `spec-${type}`,
    data: { ...(contract.example() as Json), ...data },
  };
  validateEvent(event);
  if (RAW_IDENTIFIERS_KEPT.has(type)) return event;
  const withheld = rewriteFields(event.data, fieldsForEvent(type, RAW_IDENTIFIER_FIELDS), () => undefined);
  return { ...event, data: JSON.parse(JSON.stringify(withheld)) as Json };
}

/** A person's identity for `holder` fields. */
export function holderOf(name: string, passportNo: string): Json {
  return { passportNo, nationality: 'FRA', birthDate: '1988-04-12', name };
}

/** A subject id (as the hub derives them) for a spec person. */
export function aSubject(): string {
  return `sub_${randomUUID().replace(/-/g, '')}`;
}
