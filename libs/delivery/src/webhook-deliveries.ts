import type { DataSource, EntityManager } from 'typeorm';
import { NO_AUDIT, type DeliveryAuditPort, type ReceiptVerifier } from './delivery-ports.js';
import type { DeadLetterSelection } from './dead-letters/dead-letter-selection.js';
import type { DeliveryRecord } from './dead-letters/delivery-record.js';
import type { DeadLetterFilter, DeliveryFilter, Page, PageRequest } from './dead-letters/delivery-filter.js';
import { discardDeadLetters } from './dead-letters/discard-dead-letters.js';
import { inspectDelivery, type DeliveryDetails } from './dead-letters/inspect-delivery.js';
import { listDeadLetters } from './dead-letters/list-dead-letters.js';
import { redriveDeadLetters } from './dead-letters/redrive-dead-letters.js';
import { enqueueWebhookDeliveries, type EnqueuedDelivery } from './enqueue/enqueue-webhook-deliveries.js';
import type { PayloadCipher } from './enqueue/payload-cipher.js';
import { sealWebhookDeliveries, type SealedWebhookDelivery } from './enqueue/webhook-enqueue-ctes.js';
import type { WebhookDeliveryRequest } from './enqueue/webhook-delivery-request.js';
import { acknowledgeDelivery, type AcknowledgeResult } from './receipts/acknowledge-delivery.js';
import { listUnacknowledgedDeliveries } from './receipts/list-unacknowledged-deliveries.js';

/** The ports the hub binds for the management calls. */
export interface WebhookDeliveriesPorts {
  readonly audit?: DeliveryAuditPort;
  /** Needed by acknowledge(); without it every receipt is refused. */
  readonly verifyReceipt?: ReceiptVerifier;
  /** Encrypts bodies at rest (enqueue) and opens them for inspect(); the worker needs the same cipher. */
  readonly cipher?: PayloadCipher;
}

/**
 * The delivery engine's calls for the rest of the hub, with its ports bound once: enqueue (from the
 * dispatcher), the dead-letter and acknowledgement operations (from the ops and ack APIs). The
 * worker that sends is WebhookDeliveryWorker.
 */
export class WebhookDeliveries {
  private readonly audit: DeliveryAuditPort;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ports: WebhookDeliveriesPorts = {},
  ) {
    this.audit = ports.audit ?? NO_AUDIT;
  }

  /** See enqueueWebhookDeliveries; pass the transaction's manager to enqueue atomically with other writes. */
  enqueue(requests: readonly WebhookDeliveryRequest[], manager: EntityManager = this.dataSource.manager): Promise<EnqueuedDelivery[]> {
    return enqueueWebhookDeliveries(manager, requests, { cipher: this.ports.cipher });
  }

  /** Checks and seals requests for an enqueue embedded in a bigger statement (see webhookEnqueueCtes). */
  seal(requests: readonly WebhookDeliveryRequest[]): SealedWebhookDelivery[] {
    return sealWebhookDeliveries(requests, this.ports.cipher);
  }

  listDeadLetters(filter?: DeadLetterFilter, page?: PageRequest): Promise<Page<DeliveryRecord>> {
    return listDeadLetters(this.dataSource, filter, page);
  }

  listUnacknowledged(filter?: DeliveryFilter, page?: PageRequest): Promise<Page<DeliveryRecord>> {
    return listUnacknowledgedDeliveries(this.dataSource, filter, page);
  }

  /** The delivery with every attempt and its receipt; undefined when unknown. */
  inspect(deliveryId: string): Promise<DeliveryDetails | undefined> {
    return inspectDelivery(this.dataSource, deliveryId, this.ports.cipher);
  }

  /** Dead letters back to pending, order kept; `actor` like `admin:<id>`. `remaining`: dead letters of the selection left. */
  redrive(selection: DeadLetterSelection, actor: string): Promise<{ redriven: number; remaining: number }> {
    return redriveDeadLetters(this.dataSource, selection, actor, this.audit);
  }

  /** Dead letters given up, with the reason recorded; `actor` like `admin:<id>`. `remaining`: dead letters of the selection left. */
  discard(selection: DeadLetterSelection, reason: string, actor: string): Promise<{ discarded: number; remaining: number }> {
    return discardDeadLetters(this.dataSource, selection, reason, actor, this.audit);
  }

  /** Records a signed receipt sent to the acknowledgement API. */
  acknowledge(deliveryId: string, receipt: unknown): Promise<AcknowledgeResult> {
    return acknowledgeDelivery(this.dataSource, deliveryId, receipt, this.ports.verifyReceipt, this.audit);
  }
}
