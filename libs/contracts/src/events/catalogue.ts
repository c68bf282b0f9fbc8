import type { EventContract } from './event-contract.js';
import { CREDIT_EVENTS } from './credit/index.js';
import { EDUCATION_EVENTS } from './education/index.js';
import { LINKAGE_EVENTS } from './linkage/index.js';
import { PERMANENT_RESIDENCE_EVENTS } from './permanent-residence/index.js';
import { RESIDENCE_EVENTS } from './residence/index.js';
import { TALENT_CARD_EVENTS } from './talent-card/index.js';
import { TAX_EVENTS } from './tax/index.js';
import { VISA_EVENTS } from './visa/index.js';
import { WORK_PERMIT_EVENTS } from './work-permit/index.js';

/** What the hub knows about one event type at one contract version. */
export type CatalogueEntry = EventContract;

const CONTRACTS = [
  ...WORK_PERMIT_EVENTS,
  ...VISA_EVENTS,
  ...RESIDENCE_EVENTS,
  ...PERMANENT_RESIDENCE_EVENTS,
  ...EDUCATION_EVENTS,
  ...TAX_EVENTS,
  ...CREDIT_EVENTS,
  ...TALENT_CARD_EVENTS,
  ...LINKAGE_EVENTS,
] as const;

/** Every event the hub accepts, every version. */
export const EVENT_CATALOGUE: readonly CatalogueEntry[] = CONTRACTS;

/** One contract of the catalogue, with its payload type and type name. */
export type CatalogueContract = (typeof CONTRACTS)[number];

const byKey = new Map(EVENT_CATALOGUE.map((entry) => [`${entry.type}@${entry.version}`, entry]));

/** The catalogue entry for a type and version, or undefined when the hub does not know it. */
export function findContract(type: string, version: number): CatalogueEntry | undefined {
  return byKey.get(`${type}@${version}`);
}

/** Known type names, for error messages. */
export function knownEventTypes(): string[] {
  return [...new Set(EVENT_CATALOGUE.map((entry) => entry.type))];
}

/** The versions of one type, oldest first. */
export function versionsOf(type: string): CatalogueEntry[] {
  return EVENT_CATALOGUE.filter((entry) => entry.type === type).sort((a, b) => a.version - b.version);
}
