import { Module } from '@nestjs/common';
import { RelayService } from './relay.service.js';

/** The `relay` role: moves outbox rows to Kafka. */
@Module({ providers: [RelayService] })
export class RelayModule {}
