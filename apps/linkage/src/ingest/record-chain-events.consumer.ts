import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch } from '@hub/messaging';
import { RecordChainEventsHandler } from './record-chain-events.handler.js';

/** The pattern `agency.linkage.inbound` is read under (createLinkageApp maps the topic to it). */
export const LINKAGE_DELIVERIES = 'linkage-deliveries';

/** Consumes the linkage agency's inbound topic, one partition batch at a time. */
@Controller()
export class RecordChainEventsConsumer {
  constructor(private readonly handler: RecordChainEventsHandler) {}

  @EventPattern(LINKAGE_DELIVERIES)
  async onDeliveries(@Payload() batch: KafkaBatch): Promise<void> {
    await this.handler.execute(batch);
  }
}
