import { CreateWorkPermitRecords1764150100000 } from './1764150100000-create-work-permit-records.js';
import { ReceiveFromInboundTopic1764340000000 } from './1764340000000-receive-from-inbound-topic.js';
import { CreateWorkPermitReads1764400000000 } from './1764400000000-create-work-permit-reads.js';

/** Every adapter migration, oldest first. */
export const PSB_ADAPTER_MIGRATIONS = [
  CreateWorkPermitRecords1764150100000,
  ReceiveFromInboundTopic1764340000000,
  CreateWorkPermitReads1764400000000,
];
