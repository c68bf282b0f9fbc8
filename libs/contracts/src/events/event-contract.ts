import type { Bilingual } from '../schema/annotations.js';
import type { CanonicalTopic } from '../topics/topics.js';

/**
 * Kinds of agency that publish or subscribe. Which agency may do what is policy's business.
 * `linkage` is the national linkage service: it subscribes like any agency and publishes its
 * conclusions (`linkage.*`) about people it knows only by subject id.
 */
export const AGENCY_KINDS = ['bureau', 'psb', 'mfa', 'moe', 'tax', 'credit', 'linkage'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** How agencies know a person: passport number, nationality and birth date. */
export interface PersonIdentity {
  readonly passportNo: string;
  readonly nationality: string;
  readonly birthDate: string;
}

/** The envelope attributes a version converter may read (an upcast may take a value from them). */
export interface EnvelopeFacts {
  readonly region: string;
  readonly agency: string;
  readonly time: string;
}

/**
 * How version N of an event relates to version N-1: `upcast` turns an N-1 payload into N (for
 * subscribers on the new version), `downcast` turns N back into N-1 (for subscribers pinned to the
 * old one). Both must produce payloads that pass their version's contract.
 */
export interface VersionBridge<TPrevious extends object, TCurrent extends object> {
  upcast(previous: TPrevious, envelope: EnvelopeFacts): TCurrent;
  downcast(current: TCurrent): TPrevious;
}

/** One event type at one contract version: its payload class, its topic, its documentation and an example. */
export interface EventContract<T extends object = object, K extends string = string> {
  /** `domain.fact`, e.g. `work-permit.issued`. */
  readonly type: K;
  readonly version: number;
  readonly topic: CanonicalTopic;
  /** Agency kinds that publish it (policy narrows this further, e.g. to a province). */
  readonly publishers: readonly AgencyKind[];
  readonly title: Bilingual;
  readonly description: Bilingual;
  readonly payload: new () => T;
  /**
   * The person the event is about, from which the hub derives the subject id. Absent for events about
   * a person the publisher knows only by subject id (`linkage.*`): their envelope must carry `subject`.
   */
  identify?(data: T): PersonIdentity;
  /** A valid payload, published as the contract's example. */
  example(): NoInfer<T>;
  /** For versions after the first: conversion to and from the previous version. */
  readonly bridge?: VersionBridge<object, T>;
}

/**
 * Declares a contract: an identity function that infers the payload type from `payload` (so
 * `identify` and `example` are checked against it) and keeps the type name as a literal type.
 */
export function defineEvent<T extends object, const K extends string>(contract: EventContract<T, K>): EventContract<T, K> {
  return contract;
}
