import type { KeyObject } from 'node:crypto';
import { signEvent, type SignatureAlgorithm } from '@hub/identity';
import type { EntityManager } from 'typeorm';
import type { Publication } from '../cases/reconcile-cases.js';
import type { LinkageOutboxRepository } from '../store/linkage-outbox.repository.js';
import { linkageEventOf } from './linkage-event-data.js';
import { linkageEventEnvelope } from './linkage-event-envelope.js';

/** The linkage agency's signing identity: the key registered at the hub under `keyId`. */
export interface LinkageSigningIdentity {
  readonly alg: SignatureAlgorithm;
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/** An event to publish: its type, the person it is about, the region it is filed under, its data. */
export interface EventToPublish {
  readonly type: string;
  readonly subject: string;
  /** GB/T 2260 region, e.g. 310000. */
  readonly region: string;
  readonly data: object;
}

/** The event of each publication, filed under its case's province, else the person's. */
export function publicationEvents(publications: readonly Publication[], province: string): EventToPublish[] {
  return publications.map((publication) => {
    const { type, data } = linkageEventOf(publication);
    return { type, subject: publication.decision.subject, region: publication.case?.province ?? province, data };
  });
}

/**
 * Writes linkage events into `linkage_outbox` as CloudEvents signed with the linkage agency's key,
 * in the caller's transaction (so they commit with the decisions and cases they announce). The
 * publisher sends them to the hub afterwards.
 */
export class LinkageEventWriter {
  constructor(
    private readonly outbox: LinkageOutboxRepository,
    private readonly identity: LinkageSigningIdentity,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The event of each publication (a decision changed, a case resolved or overdue), for the person's province unless its case has one. */
  async publish(tx: EntityManager, publications: readonly Publication[], province: string): Promise<string[]> {
    return this.write(tx, publicationEvents(publications, province));
  }

  /** Signs and appends events of any type the linkage agency publishes; returns their ids. */
  async write(tx: EntityManager, events: readonly EventToPublish[]): Promise<string[]> {
    const time = this.now().toISOString();
    const signed = events.map((event) => signEvent(linkageEventEnvelope(event, time), this.identity));
    await this.outbox.append(
      tx,
      signed.map((event) => ({ eventId: event.id, eventType: event.type, subject: event.subject, event })),
    );
    return signed.map((event) => event.id);
  }
}
