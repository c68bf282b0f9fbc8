import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch } from '@hub/messaging';
import { RecordReviewsHandler } from '../residence-reviews/record-reviews/record-reviews.handler.js';
import { RecordWorkPermitsHandler } from '../work-permits/record-work-permits/record-work-permits.handler.js';

/**
 * The pattern the agency's inbound topic is read under: the topic's name depends on AGENCY_ID, so
 * createPsbAdapterApp maps `agency.<AGENCY_ID>.inbound` to it.
 */
export const INBOUND_DELIVERIES = 'inbound-deliveries';

/**
 * Consumes the agency's inbound topic, one partition batch at a time: its work-permit records, then
 * its residence reviews (each leaves the other's event types alone). Offsets are committed after both.
 */
@Controller()
export class InboundDeliveriesConsumer {
  constructor(
    private readonly permits: RecordWorkPermitsHandler,
    private readonly reviews: RecordReviewsHandler,
  ) {}

  @EventPattern(INBOUND_DELIVERIES)
  async onDeliveries(@Payload() batch: KafkaBatch): Promise<void> {
    await this.permits.execute(batch);
    await this.reviews.execute(batch);
  }
}
