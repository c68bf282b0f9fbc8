import { Module } from '@nestjs/common';
import { RelayService } from './relay.service.js';

/** The outbox relay role. */
@Module({ providers: [RelayService] })
export class RelayModule {}
