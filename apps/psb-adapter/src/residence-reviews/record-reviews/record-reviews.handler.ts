import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { HubReceipts, type SubscriptionConsumer } from '@hub/agency-kit';
import type { KafkaBatch } from '@hub/messaging';
import { DataSource } from 'typeorm';
import { PsbAdapterConfig } from '../../config/psb-adapter-config.js';
import { PSB_RECEIPTS } from '../../work-permits/record-work-permits/record-work-permits.handler.js';
import type { ReviewsApplied } from './apply-review-events.js';
import type { ReviewEvent } from './read-review-event.js';
import { residenceReviewsConsumer } from './residence-reviews-consumer.js';

/**
 * Records the residence-review cases of the agency's inbound topic with the agency kit's consumer
 * (inbox, order, dead letters, in one transaction), then sends their receipts. Work-permit records
 * of the same batch are the work-permit handler's (ignored here), and so are the batch's sequence
 * numbers: that handler runs first and tracks them all. A batch with no review in it opens no transaction.
 */
@Injectable()
export class RecordReviewsHandler {
  private readonly logger = new Logger(RecordReviewsHandler.name);
  readonly consumer: SubscriptionConsumer<ReviewEvent, ReviewsApplied>;

  constructor(
    dataSource: DataSource,
    config: PsbAdapterConfig,
    @Optional() @Inject(PSB_RECEIPTS) private readonly receipts?: HubReceipts | null,
  ) {
    this.consumer = residenceReviewsConsumer({ dataSource, agencyId: config.AGENCY_ID });
  }

  async execute(batch: KafkaBatch): Promise<void> {
    const outcome = await this.consumer.consume(batch);
    if (outcome.applied.length > 0) {
      this.logger.log({ message: 'residence reviews recorded', topic: batch.topic, partition: batch.partition, caseIds: outcome.applied });
    }
    const deliveries = [...outcome.fresh, ...outcome.duplicates].flatMap(({ event, delivery }) =>
      delivery.sequence === null ? [] : [{ subscriptionId: delivery.subscriptionId, sequence: delivery.sequence, eventId: event.id }],
    );
    if (!this.receipts || deliveries.length === 0) return;
    const sent = await this.receipts.send(deliveries);
    for (const failed of sent.failed)
      this.logger.warn({ message: 'receipt not taken by the hub; the delivery stays unacknowledged there', ...failed });
  }
}
