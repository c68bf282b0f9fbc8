import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch } from '@hub/messaging';
import { RecordMappedHandler } from './record-mapped.handler.js';

/** The pattern the agency's inbound topic is read under (createAgencyAdapterApp maps `agency.<id>.inbound` to it). */
export const AGENCY_INBOUND_DELIVERIES = 'agency-inbound-deliveries';

/** Consumes the agency's inbound topic one partition batch at a time; offsets are committed after the handler. */
@Controller()
export class InboundDeliveriesController {
  constructor(@Inject(RecordMappedHandler) private readonly handler: RecordMappedHandler) {}

  @EventPattern(AGENCY_INBOUND_DELIVERIES)
  async onDeliveries(@Payload() batch: KafkaBatch): Promise<void> {
    await this.handler.execute(batch);
  }
}
