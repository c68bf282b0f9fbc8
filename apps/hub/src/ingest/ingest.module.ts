import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { PublishEventsModule, RecordConflictsModule } from '../events/index.js';
import { ConflictOutcomeSender } from './conflict-outcome-sender.service.js';
import { OutboundIngestService } from './outbound-ingest.service.js';
import { OutcomesProducer } from './outcomes-producer.service.js';

/**
 * The `ingest` role: agencies' outbound Kafka topics through the publish path, answered on their
 * outcomes topics, and a held record's final outcome once its conflict is resolved, both through
 * one producer.
 */
@Module({
  imports: [AgenciesModule, PublishEventsModule, RecordConflictsModule],
  providers: [OutcomesProducer, OutboundIngestService, ConflictOutcomeSender],
})
export class IngestModule {}
