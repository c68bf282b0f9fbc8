import type { EventEnvelope } from '../envelope/event-envelope.js';
import type { CanonicalTopic } from '../topics/topics.js';
import type { CatalogueContract } from './catalogue.js';
import type { EventContract } from './event-contract.js';

type PayloadOf<C> = C extends EventContract<infer T, string> ? T : never;

/** Every event type name of the catalogue. */
export type EventType = CatalogueContract['type'];

/** Each event type's payload, by type name (a union over its contract versions). */
export type EventPayloads = { [C in CatalogueContract as C['type']]: PayloadOf<C> };

/** The canonical topic of a type: `hub.<domain>.events`, where the type is `<domain>.<fact>`. */
export type TopicOf<K extends string> = K extends `${infer Domain}.${string}` ? `hub.${Domain}.events` : never;

/** An accepted event of one type as it travels on its canonical topic: the subject id is always set. */
export type CanonicalEventOf<K extends EventType> = EventEnvelope<EventPayloads[K]> & { type: K; subject: string };

/** Any accepted event, discriminated by `type`. */
export type AnyCanonicalEvent = { [K in EventType]: CanonicalEventOf<K> }[EventType];

/** What each canonical topic carries, so producing the wrong shape to a topic does not compile. */
export type TopicMessages = { [T in CanonicalTopic]: Extract<AnyCanonicalEvent, { type: `${TopicDomain<T>}.${string}` }> };

type TopicDomain<T extends string> = T extends `hub.${infer Domain}.events` ? Domain : never;
