import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CANONICAL_TOPICS } from '@hub/contracts';
import type { KafkaBatch } from '@hub/messaging';
import { RecordWorkPermitsHandler } from './record-work-permits.handler.js';

/** Consumes the canonical work-permit topic, one partition batch at a time. */
@Controller()
export class RecordWorkPermitsConsumer {
  constructor(private readonly handler: RecordWorkPermitsHandler) {}

  @EventPattern(CANONICAL_TOPICS.workPermit)
  async onWorkPermitEvents(@Payload() batch: KafkaBatch): Promise<void> {
    await this.handler.execute(batch);
  }
}
