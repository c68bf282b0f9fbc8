import { Inject, Injectable } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import { EventSignatureError, verifyEventSignature } from '@hub/identity';
import { DataSource } from 'typeorm';
import { type Agency, AgencyRegistry } from '../agencies/index.js';
import { AUDIT_SINK, type AuditSink } from '../audit/index.js';
import type { Subscription } from './subscription.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A receipt that does not name a delivery of this subscription, or whose signature is refused. */
export class ReceiptRefusedError extends HubError {
  constructor(message: string) {
    super('RECEIPT_REFUSED', message, { retriable: false });
  }
}

export interface KafkaAcknowledgement {
  readonly subscriptionId: string;
  readonly sequence: number;
  readonly outcome: 'acknowledged' | 'already-acknowledged';
  readonly keyId: string;
}

export interface UnacknowledgedDelivery {
  readonly sequence: number;
  readonly eventId: string;
  readonly routedAt: string;
}

/**
 * Receipts for Kafka deliveries. A subscriber acknowledges what it read from its inbound topic by
 * sending, per message, `{ subscriptionId, sequence, eventId, agency, receivedAt, signature }`
 * signed like an event with one of its registered keys (RFC 8785 form without `signature`). The
 * hub checks that it names a delivery of the subscription (sequence and event), that the agency is
 * the subscriber and the signature verifies, then stores it as evidence and audits it. The first
 * receipt of a delivery is kept; what has none is listed as unacknowledged.
 */
@Injectable()
export class KafkaReceipts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async acknowledge(agency: Agency, subscription: Subscription, body: unknown): Promise<KafkaAcknowledgement> {
    const receipt = (typeof body === 'object' && body !== null && 'receipt' in body ? body.receipt : body) as Record<string, unknown>;
    if (typeof receipt !== 'object' || receipt === null)
      throw new ReceiptRefusedError('Send { "receipt": { subscriptionId, sequence, eventId, agency, receivedAt, signature } }.');
    const { sequence, eventId, receivedAt } = receipt;
    if (receipt['subscriptionId'] !== subscription.id)
      throw new ReceiptRefusedError(`The receipt must name subscription ${subscription.id}.`);
    if (receipt['agency'] !== agency.id) throw new ReceiptRefusedError(`The receipt must name the subscribing agency ${agency.id}.`);
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 1)
      throw new ReceiptRefusedError('sequence must be the positive hub-sequence of the message.');
    if (typeof receivedAt !== 'string' || !RFC3339.test(receivedAt))
      throw new ReceiptRefusedError('receivedAt must be an RFC 3339 time with an offset.');
    const [delivery] = await this.dataSource.query<{ event_id: string; acknowledged: boolean }[]>(
      'SELECT event_id::text, acknowledged_at IS NOT NULL AS acknowledged FROM subscription_deliveries WHERE subscription_id = $1 AND sequence = $2',
      [subscription.id, sequence],
    );
    if (!delivery || delivery.event_id !== eventId)
      throw new ReceiptRefusedError(`Subscription ${subscription.id} has no delivery ${sequence} of event ${String(eventId)}.`);
    let keyId: string;
    try {
      keyId = (await verifyEventSignature({ ...receipt }, (id) => this.registry.signingKey(id))).keyId;
    } catch (error) {
      if (!(error instanceof EventSignatureError)) throw error;
      throw new ReceiptRefusedError(error.message.replace(/\bthe event\b/g, 'the receipt'));
    }
    return this.dataSource.transaction(async (tx) => {
      const updated = await tx.query<{ sequence: string }[]>(
        `WITH acked AS (
           UPDATE subscription_deliveries SET acknowledged_at = now(), receipt = $3, receipt_key_id = $4
            WHERE subscription_id = $1 AND sequence = $2 AND acknowledged_at IS NULL RETURNING sequence)
         SELECT sequence::text FROM acked`,
        [subscription.id, sequence, JSON.stringify(receipt), keyId],
      );
      if (updated.length === 0) return { subscriptionId: subscription.id, sequence, outcome: 'already-acknowledged' as const, keyId };
      await this.audit.record(
        {
          actor: `agency:${agency.id}`,
          action: 'delivery.acknowledged',
          purpose: subscription.purpose,
          eventId: String(eventId),
          detail: { subscriptionId: subscription.id, sequence, channel: 'kafka', receiptKeyId: keyId },
        },
        tx,
      );
      return { subscriptionId: subscription.id, sequence, outcome: 'acknowledged' as const, keyId };
    });
  }

  /**
   * Kafka deliveries of the subscription without a receipt, oldest first, after sequence `after`.
   * The order names the table's column (a bare `sequence` is the output column `sequence::text`).
   */
  async unacknowledged(
    subscription: Subscription,
    after: number,
    limit: number,
  ): Promise<{ items: UnacknowledgedDelivery[]; nextAfter: number | null }> {
    const rows = await this.dataSource.query<{ sequence: string; event_id: string; routed_at: Date }[]>(
      `SELECT sequence::text, event_id::text, routed_at FROM subscription_deliveries
        WHERE subscription_id = $1 AND acknowledged_at IS NULL AND sequence > $2 AND 'kafka' = ANY(channels)
        ORDER BY subscription_deliveries.sequence LIMIT $3`,
      [subscription.id, after, limit + 1],
    );
    const items = rows
      .slice(0, limit)
      .map((row) => ({ sequence: Number(row.sequence), eventId: row.event_id, routedAt: row.routed_at.toISOString() }));
    return { items, nextAfter: rows.length > limit ? (items.at(-1)?.sequence ?? null) : null };
  }
}
