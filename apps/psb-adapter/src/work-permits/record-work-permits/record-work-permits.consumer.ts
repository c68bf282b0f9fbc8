import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch } from '@hub/messaging';
import { RecordWorkPermitsHandler } from './record-work-permits.handler.js';

/**
 * The pattern the agency's inbound topic is read under: the topic's name depends on AGENCY_ID, so
 * createPsbAdapterApp maps `agency.<AGENCY_ID>.inbound` to it.
 */
export const INBOUND_DELIVERIES = 'inbound-deliveries';

/** Consumes the agency's inbound topic, one partition batch at a time. */
@Controller()
export class RecordWorkPermitsConsumer {
  constructor(private readonly handler: RecordWorkPermitsHandler) {}

  @EventPattern(INBOUND_DELIVERIES)
  async onDeliveries(@Payload() batch: KafkaBatch): Promise<void> {
    await this.handler.execute(batch);
  }
}
