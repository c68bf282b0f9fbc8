import { schemaId } from '../schema/json-schema.js';
import type { AgencyKind, EventContract } from './event-contract.js';

/** The agency id each kind of agency publishes the examples as. */
const EXAMPLE_AGENCIES: Readonly<Record<AgencyKind, string>> = {
  bureau: 'bureau-310000',
  psb: 'psb-310000',
  mfa: 'mfa',
  moe: 'moe',
  tax: 'tax',
  credit: 'credit',
  linkage: 'linkage',
};

/** The subject id of the examples whose contract names no person in `data` (the envelope carries it). */
export const EXAMPLE_SUBJECT = 'sub_0123456789abcdef0123456789abcdef';

/**
 * A complete, valid event of a contract as its first publisher would send it: the published example.
 * Deterministic, so the files under contracts/ change only when a contract does.
 */
export function exampleEvent(contract: EventContract): Record<string, unknown> {
  const agency = EXAMPLE_AGENCIES[contract.publishers[0] ?? 'bureau'];
  return {
    specversion: '1.0',
    id: exampleId(`${contract.type}@${contract.version}`),
    type: contract.type,
    source: `urn:hub:agency:${agency}`,
    time: '2026-03-02T09:30:00+08:00',
    datacontenttype: 'application/json',
    dataschema: schemaId(contract.type, contract.version),
    agency,
    ...(contract.identify ? {} : { subject: EXAMPLE_SUBJECT }),
    region: '310115',
    contractversion: contract.version,
    correlationid: `example-${contract.type}`,
    data: contract.example(),
  };
}

/** A version-4-shaped UUID derived from a text (FNV-1a), stable across runs. */
function exampleId(text: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
    hex += hash.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
