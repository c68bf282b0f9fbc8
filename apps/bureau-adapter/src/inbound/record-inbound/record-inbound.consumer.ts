import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch } from '@hub/messaging';
import { RecordInboundHandler } from './record-inbound.handler.js';

/** The pattern `agency.<AGENCY_ID>.inbound` is read under (createBureauAdapterApp maps the topic to it). */
export const BUREAU_INBOUND_DELIVERIES = 'bureau-inbound-deliveries';

/** Consumes the bureau's inbound topic, one partition batch at a time. */
@Controller()
export class RecordInboundConsumer {
  constructor(private readonly handler: RecordInboundHandler) {}

  @EventPattern(BUREAU_INBOUND_DELIVERIES)
  async onDeliveries(@Payload() batch: KafkaBatch): Promise<void> {
    await this.handler.execute(batch);
  }
}
