import { CreateEventStore1764150000000 } from './1764150000000-create-event-store.js';
import { AddEventIdConflictCheck1764160000000 } from './1764160000000-add-event-id-conflict-check.js';
import { AddAuditLeaves1764410000000, CreateAuditTrail1764170000000, PlainAuditFormatChecks1764880000000 } from '@hub/audit';
import { CreateWebhookDeliveries1764300000000, CreateWebhookSecrets1764360000000 } from '@hub/delivery';
import { CreateDeadLetters1764140000002, CreateOutbox1764140000000, PartitionOutbox1764140000003 } from '@hub/messaging';
import { CreateRecordVersions1764720000000 } from './1764720000000-create-record-versions.js';
import { CreateAgencyRegistry1764180000000 } from './1764180000000-create-agency-registry.js';
import { CreateAgencyCertificates1764200000000 } from './1764200000000-create-agency-certificates.js';
import { CreateSubscriptions1764250000000 } from './1764250000000-create-subscriptions.js';
import { CreateSubscriptionReplays1764310000000 } from './1764310000000-create-subscription-replays.js';
import { AddKafkaReceipts1764330000000 } from './1764330000000-add-kafka-receipts.js';
import { CreateSubscriptionWithholdings1764340000000 } from './1764340000000-create-subscription-withholdings.js';
import { AddOffboardedAgencies1764350000000 } from './1764350000000-add-offboarded-agencies.js';
import { AddRoutingVersion1764400000000 } from './1764400000000-add-routing-version.js';
import { AddRetentionIndexes1764450000000 } from './1764450000000-add-retention-indexes.js';
import { AddLinkageAgencyKind1764610000000 } from './1764610000000-add-linkage-agency-kind.js';
import { AddKafkaPublishing1764710000000 } from './1764710000000-add-kafka-publishing.js';
import { CreateMetricRollups1764750000000 } from './1764750000000-create-metric-rollups.js';
import { CreateConsoleOperators1764800000000 } from './1764800000000-create-console-operators.js';
import { AddConsoleIndexes1764800000001 } from './1764800000001-add-console-indexes.js';
import { CreateConsoleJobs1764800000002 } from './1764800000002-create-console-jobs.js';
import { CreateReconciliations1764810000000 } from './1764810000000-create-reconciliations.js';
import { AddDeadLetterResolutions1764830000000 } from './1764830000000-add-dead-letter-resolutions.js';
import { AddConflictOutboundOrigin1764870000000 } from './1764870000000-add-conflict-outbound-origin.js';
import { AddReconciliationPsbComparison1764860000000 } from './1764860000000-add-reconciliation-psb-comparison.js';

/**
 * Every hub migration, oldest first (TypeORM runs them in timestamp order). Released migrations keep
 * their names and the schema they leave; changes come as new ones. The libraries' migrations make
 * the tables those libraries write.
 */
export const HUB_MIGRATIONS = [
  CreateOutbox1764140000000,
  CreateDeadLetters1764140000002,
  PartitionOutbox1764140000003,
  CreateEventStore1764150000000,
  AddEventIdConflictCheck1764160000000,
  CreateAuditTrail1764170000000,
  CreateAgencyRegistry1764180000000,
  CreateAgencyCertificates1764200000000,
  CreateSubscriptions1764250000000,
  CreateWebhookDeliveries1764300000000,
  CreateSubscriptionReplays1764310000000,
  AddKafkaReceipts1764330000000,
  CreateSubscriptionWithholdings1764340000000,
  AddOffboardedAgencies1764350000000,
  CreateWebhookSecrets1764360000000,
  AddRoutingVersion1764400000000,
  AddAuditLeaves1764410000000,
  AddRetentionIndexes1764450000000,
  AddLinkageAgencyKind1764610000000,
  AddKafkaPublishing1764710000000,
  CreateRecordVersions1764720000000,
  CreateMetricRollups1764750000000,
  CreateConsoleOperators1764800000000,
  AddConsoleIndexes1764800000001,
  CreateConsoleJobs1764800000002,
  CreateReconciliations1764810000000,
  AddDeadLetterResolutions1764830000000,
  AddReconciliationPsbComparison1764860000000,
  AddConflictOutboundOrigin1764870000000,
  PlainAuditFormatChecks1764880000000,
];
