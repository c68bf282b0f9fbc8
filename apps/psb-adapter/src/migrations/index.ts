import { AddDeadLetterResolutions1764850000000, CreateSubscriptionSequences1764600000100 } from '@hub/agency-kit';
import { CreateDeadLetters1764140000002, CreateInbox1764140000001 } from '@hub/messaging';
import { CreateWorkPermitRecords1764150100000 } from './1764150100000-create-work-permit-records.js';
import { ReceiveFromInboundTopic1764340000000 } from './1764340000000-receive-from-inbound-topic.js';
import { CreateWorkPermitReads1764400000000 } from './1764400000000-create-work-permit-reads.js';
import { RetireInboxAndReadLog1764450000000 } from './1764450000000-retire-inbox-and-read-log.js';
import { CreateResidenceReviews1764820000100 } from './1764820000100-create-residence-reviews.js';
import { RecordPublisherVersions1764840000000 } from './1764840000000-record-publisher-versions.js';

/** Every adapter migration, oldest first (TypeORM runs them in timestamp order). */
export const PSB_ADAPTER_MIGRATIONS = [
  CreateInbox1764140000001,
  CreateDeadLetters1764140000002,
  CreateWorkPermitRecords1764150100000,
  ReceiveFromInboundTopic1764340000000,
  CreateWorkPermitReads1764400000000,
  RetireInboxAndReadLog1764450000000,
  CreateSubscriptionSequences1764600000100,
  CreateResidenceReviews1764820000100,
  RecordPublisherVersions1764840000000,
  AddDeadLetterResolutions1764850000000,
];
