import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { outboundKey, type AgencyOutboundPublisher } from '../outbound/agency-outbound-publisher.js';
import type { AgencySigner, SignedContractEvent } from '../signing/agency-signer.js';
import type { DecisionMapping } from './agency-adapter-definition.js';

/** What a posted decision became: the signed event now on the agency's outbound topic. */
export interface PublishedDecision {
  readonly eventId: string;
  readonly type: string;
}

interface KeptEvent {
  readonly event: SignedContractEvent;
  readonly key: string;
}

/**
 * A decision posted by the agency's officers, published: parsed (400 naming each field), decided on
 * the agency's database, made into its contract event, checked, signed with the agency's key and
 * kept in `outbound_events` with whatever the mapping recorded, in one transaction; then sent to
 * the agency's outbound topic (acks=all) and marked. A crash between the two leaves the event
 * kept and unmarked, and `publishPending` (at every start) sends it again.
 */
export class PublishDecisionHandler {
  private readonly logger = new Logger(PublishDecisionHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly signer: AgencySigner,
    private readonly outbound: AgencyOutboundPublisher,
  ) {}

  async execute(mapping: DecisionMapping<never>, body: unknown, decidedBy: string): Promise<PublishedDecision> {
    const decision = mapping.parse(body);
    const kept = await this.dataSource.transaction(async (tx): Promise<KeptEvent> => {
      const event = this.signer.signedEvent(await mapping.decide(tx, decision, { decidedBy }));
      const key = outboundKey({ event });
      await tx.query('INSERT INTO outbound_events (event_id, event_type, kafka_key, event, decided_by) VALUES ($1, $2, $3, $4, $5)', [
        event.id,
        event.type,
        key,
        JSON.stringify(event),
        decidedBy,
      ]);
      return { event, key };
    });
    await this.send([kept]);
    this.logger.log({ message: 'decision published', eventId: kept.event.id, type: kept.event.type, decidedBy });
    return { eventId: kept.event.id, type: kept.event.type };
  }

  /** Sends the kept events Kafka has not acknowledged yet, oldest first; returns how many. */
  async publishPending(): Promise<number> {
    const rows = await this.dataSource.query<{ event: SignedContractEvent; kafka_key: string }[]>(
      'SELECT event, kafka_key FROM outbound_events WHERE published_at IS NULL ORDER BY created_at LIMIT 1000',
    );
    if (rows.length > 0) await this.send(rows.map((row) => ({ event: row.event, key: row.kafka_key })));
    return rows.length;
  }

  private async send(kept: readonly KeptEvent[]): Promise<void> {
    await this.outbound.publish(kept);
    await this.dataSource.query('UPDATE outbound_events SET published_at = now() WHERE event_id = ANY($1::uuid[])', [
      kept.map(({ event }) => event.id),
    ]);
  }
}
