import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { PublishEventsModule } from '../events/index.js';
import { OutboundIngestService } from './outbound-ingest.service.js';

/** The `ingest` role: agencies' outbound Kafka topics through the publish path, answered on their outcomes topics. */
@Module({ imports: [AgenciesModule, PublishEventsModule], providers: [OutboundIngestService] })
export class IngestModule {}
