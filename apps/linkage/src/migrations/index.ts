import { AddDeadLetterResolutions1764850000000, CreateSubscriptionSequences1764600000100 } from '@hub/agency-kit';
import { CreateDeadLetters1764140000002 } from '@hub/messaging';
import { CreateLinkageStore1764600000000 } from './1764600000000-create-linkage-store.js';
import { TrackArrivalAndFamily1764600000101 } from './1764600000101-track-arrival-and-family.js';
import { CreateApiAccessLog1764600000200 } from './1764600000200-create-api-access-log.js';
import { CreateReportFacts1764600000300 } from './1764600000300-create-report-facts.js';
import { FamilyIndexesWithoutPendingList1764700000000 } from './1764700000000-family-indexes-without-pending-list.js';
import { PersonPermits1764900000000 } from './1764900000000-person-permits.js';
import { LinkageRetention1765100000000 } from './1765100000000-linkage-retention.js';
import { ChainEventsInInbox1765200000000 } from './1765200000000-chain-events-in-inbox.js';

/** Every linkage migration, oldest first (TypeORM runs them in timestamp order). */
export const LINKAGE_MIGRATIONS = [
  CreateDeadLetters1764140000002,
  CreateLinkageStore1764600000000,
  CreateSubscriptionSequences1764600000100,
  TrackArrivalAndFamily1764600000101,
  CreateApiAccessLog1764600000200,
  CreateReportFacts1764600000300,
  FamilyIndexesWithoutPendingList1764700000000,
  AddDeadLetterResolutions1764850000000,
  PersonPermits1764900000000,
  LinkageRetention1765100000000,
  ChainEventsInInbox1765200000000,
];
