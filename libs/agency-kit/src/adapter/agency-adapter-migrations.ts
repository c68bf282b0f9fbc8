import { CreateDeadLetters1764140000002, CreateInbox1764140000001 } from '@hub/messaging';
import type { MigrationInterface } from 'typeorm';
import { AddDeadLetterResolutions1764850000000 } from '../migrations/1764850000000-add-dead-letter-resolutions.js';
import { CreateSubscriptionSequences1764600000100 } from '../migrations/1764600000100-create-subscription-sequences.js';
import { CreateOutboundEvents1764860000000 } from '../migrations/1764860000000-create-outbound-events.js';
import type { AgencyAdapterDefinition } from './agency-adapter-definition.js';

/** The kit's tables (inbox, dead letters, sequences, outbound events), then the agency's own; TypeORM runs them in timestamp order. */
export function agencyAdapterMigrations(definition: AgencyAdapterDefinition): (new () => MigrationInterface)[] {
  return [
    CreateInbox1764140000001,
    CreateDeadLetters1764140000002,
    CreateSubscriptionSequences1764600000100,
    AddDeadLetterResolutions1764850000000,
    CreateOutboundEvents1764860000000,
    ...definition.migrations,
  ];
}
