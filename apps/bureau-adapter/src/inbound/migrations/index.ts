import { AddDeadLetterResolutions1764850000000, CreateSubscriptionSequences1764600000100 } from '@hub/agency-kit';
import { CreateDeadLetters1764140000002, CreateInbox1764140000001 } from '@hub/messaging';
import { CreateHubInboundRecords1764820000000 } from './1764820000000-create-hub-inbound-records.js';

/** The adapter's schema in the bureau's database, kept in its own migrations table (search_path hub_inbound). */
export const HUB_INBOUND_SCHEMA = 'hub_inbound';
export const HUB_INBOUND_MIGRATIONS_TABLE = 'hub_inbound_migrations';

/** The kit's inbox, dead letters and sequence tables, then the bureau's received records, then the kit's dead-letter resolutions. */
export const HUB_INBOUND_MIGRATIONS = [
  CreateInbox1764140000001,
  CreateDeadLetters1764140000002,
  CreateSubscriptionSequences1764600000100,
  CreateHubInboundRecords1764820000000,
  AddDeadLetterResolutions1764850000000,
];
