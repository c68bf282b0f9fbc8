export { CreateSubscriptionSequences1764600000100 } from './migrations/1764600000100-create-subscription-sequences.js';
export { RecordReader, type RecordIssue } from './delivery/record-reader.js';
export { readDelivery, type Delivery } from './delivery/read-delivery.js';
export {
  DEAD_LETTER_CODES,
  describeIssues,
  parseInboundRecord,
  type InboundReaderWording,
  type InboundRecord,
  type ReadEvent,
} from './delivery/parse-inbound-record.js';
export { judgeSequenceGap, type OpenGap, type SequenceGap } from './sequences/judge-sequence-gap.js';
export {
  SubscriptionSequencesRepository,
  type ReceivedSequence,
  type SubscriptionGap,
} from './sequences/subscription-sequences.repository.js';
export { isRefusedByDatabase } from './batch/refused-by-database.js';
export { applyIsolatingRefused, type IsolateRefusedSteps } from './batch/apply-isolating-refused.js';
export { adapterMetrics, type AdapterMetrics, type AdapterRecordOutcome } from './metrics/adapter-metrics.js';
export { AgencyOutboundPublisher, outboundKey, type OutboundRecord, type SignedEvent } from './outbound/agency-outbound-publisher.js';
export { AgencyOutcomeReader, type AgencyOutcomeReaderOptions, type PublishOutcomeHandler } from './outbound/agency-outcome-reader.js';
export type { AgencyOutboundSettings } from './outbound/agency-outbound-settings.js';
export {
  parsePublishOutcome,
  PUBLISH_OUTCOME_STATUSES,
  type PublishOutcome,
  type PublishOutcomeConflict,
  type PublishOutcomeError,
  type PublishOutcomeIssue,
  type PublishOutcomeStatus,
} from './outbound/publish-outcome.js';
export { AdapterHealthController } from './health/adapter-health.controller.js';
export { admitToInbox, type InboxEntry } from './subscription/admit-to-inbox.js';
export {
  SubscriptionConsumer,
  type ConsumedBatch,
  type InboundEvent,
  type SubscriptionConsumerPorts,
  type SubscriptionConsumerSteps,
} from './subscription/subscription-consumer.js';
export { HubReceipts, type DeliveryToAcknowledge, type HubReceiptSettings, type ReceiptsSent } from './receipts/hub-receipts.js';
export {
  discardDeadLetter,
  firstReading,
  listDeadLetters,
  redriveDeadLetters,
  type DeadLetterView,
  type DiscardedDeadLetter,
  type ReadingConsumer,
  type RedriveResult,
  type Redriving,
} from './dead-letters/dead-letters.js';
export {
  DeadLetterNotFoundError,
  DeadLetterRequestInvalidError,
  readDeadLetterId,
  readDiscardRequest,
  readListLimit,
  readRedriveRequest,
} from './dead-letters/dead-letter-requests.js';
export { DEAD_LETTERS, deadLettersController, type DeadLetterStore } from './dead-letters/dead-letters.controller.js';
export { deadLetterCommands, type DeadLetterCommandPorts } from './dead-letters/dead-letter.commands.js';
export { AddDeadLetterResolutions1764850000000 } from './migrations/1764850000000-add-dead-letter-resolutions.js';
export { NamedKeyRing, namedKeysRule, parseNamedKeys, type NamedKey } from './api-keys/named-keys.js';
export { OPERATOR_KEYS, OperatorKeyGuard, OperatorUnauthenticatedError } from './api-keys/operator-key.guard.js';
export { contractEvent, type ContractEvent, type ContractEventSpec } from './signing/contract-event.js';
export { AgencySigner, type SignedContractEvent } from './signing/agency-signer.js';
export { readAgencySigner, readSecretSetting, type SigningSettings } from './signing/read-agency-signer.js';
export { CreateOutboundEvents1764860000000 } from './migrations/1764860000000-create-outbound-events.js';
export {
  decision,
  inbound,
  subscriptionOf,
  type AgencyAdapterDefinition,
  type AgencySubscription,
  type DecisionContext,
  type DecisionMapping,
  type InboundMapping,
  type ReceivedEvent,
} from './adapter/agency-adapter-definition.js';
export { AgencyAdapterConfig, loadAgencyAdapterConfig } from './adapter/agency-adapter-config.js';
export { AgencyAdapterModule } from './adapter/agency-adapter.module.js';
export { createAgencyAdapterApp, runAgencyAdapter } from './adapter/create-agency-adapter-app.js';
export { agencyAdapterCommands, runAgencyAdapterCli } from './adapter/agency-adapter-cli.js';
export { readDecision } from './adapter/read-decision.js';
export { mappedConsumer, mappedEventReader, type MappedApplied } from './adapter/mapped-consumer.js';
