import { Module } from '@nestjs/common';
import { PublishEventsModule } from '../publish-events.module.js';
import { ConflictOutcomesRepository } from './conflict-outcomes.repository.js';
import { RecordConflictsRepository } from './record-conflicts.repository.js';
import { ResolveConflictHandler } from './resolve-conflict.handler.js';

/**
 * The conflict queue without HTTP: reading and resolving conflicts (the admin API and the console
 * use the same handler), and the outcomes their publishers over Kafka are sent.
 */
@Module({
  imports: [PublishEventsModule],
  providers: [RecordConflictsRepository, ResolveConflictHandler, ConflictOutcomesRepository],
  exports: [RecordConflictsRepository, ResolveConflictHandler, ConflictOutcomesRepository],
})
export class RecordConflictsModule {}
