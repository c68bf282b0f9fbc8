import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { HubReceipts, SubscriptionConsumer, SubscriptionSequencesRepository } from '@hub/agency-kit';
import type { KafkaBatch } from '@hub/messaging';
import { DataSource } from 'typeorm';
import { PsbAdapterConfig } from '../../config/psb-adapter-config.js';
import { PSB_RECEIPTS } from '../../work-permits/record-work-permits/record-work-permits.handler.js';
import { applyReviewEvents, type ReviewsApplied } from './apply-review-events.js';
import { reviewEventReader, type ReviewEvent } from './read-review-event.js';

/**
 * Records the residence-review cases of the agency's inbound topic with the agency kit's consumer
 * (inbox, order, sequence numbers, dead letters, in one transaction), then sends their receipts.
 * Work-permit records of the same batch are the work-permit handler's (ignored here).
 */
@Injectable()
export class RecordReviewsHandler {
  private readonly logger = new Logger(RecordReviewsHandler.name);
  private readonly consumer: SubscriptionConsumer<ReviewEvent, ReviewsApplied>;

  constructor(
    sequences: SubscriptionSequencesRepository,
    dataSource: DataSource,
    config: PsbAdapterConfig,
    @Optional() @Inject(PSB_RECEIPTS) private readonly receipts?: HubReceipts | null,
  ) {
    this.consumer = new SubscriptionConsumer(
      {
        readEvent: reviewEventReader(config.AGENCY_ID),
        wording: { recorder: 'public security' },
        eventId: (event) => event.id,
        apply: applyReviewEvents,
        empty: () => [],
        merge: (a, b) => [...a, ...b],
      },
      { transaction: (work) => dataSource.transaction(work), sequences, gapGraceMs: config.SEQUENCE_GAP_GRACE_MS },
    );
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
