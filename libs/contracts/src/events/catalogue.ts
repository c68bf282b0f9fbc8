import { CANONICAL_TOPICS, type CanonicalTopic, type EventType } from '../topics/topics.js';
import { WorkPermitIssuedV1 } from './work-permit/work-permit-issued.v1.js';

/** What the hub knows about one event type at one contract version. */
export interface CatalogueEntry {
  readonly type: EventType;
  readonly version: number;
  readonly topic: CanonicalTopic;
  /** Which agency kinds may publish it (checked again by policy). */
  readonly publishers: readonly string[];
  readonly payload: new () => object;
  /** The identifiers of the person the event is about, from which the hub derives the subject id. */
  readonly identify?: (data: object) => PersonIdentity;
}

/** How agencies know a person: passport number, nationality and birth date. */
export interface PersonIdentity {
  readonly passportNo: string;
  readonly nationality: string;
  readonly birthDate: string;
}

/** Every event the hub accepts. */
export const EVENT_CATALOGUE: readonly CatalogueEntry[] = [
  {
    type: 'work-permit.issued',
    version: 1,
    topic: CANONICAL_TOPICS.workPermit,
    publishers: ['bureau'],
    payload: WorkPermitIssuedV1,
    identify: (data) => (data as WorkPermitIssuedV1).holder,
  },
];

/** The catalogue entry for a type and version, or undefined when the hub does not know it. */
export function findContract(type: string, version: number): CatalogueEntry | undefined {
  return EVENT_CATALOGUE.find((entry) => entry.type === type && entry.version === version);
}

/** Known type names, for error messages. */
export function knownEventTypes(): string[] {
  return [...new Set(EVENT_CATALOGUE.map((entry) => entry.type))];
}
