export { HubError, type ErrorContext } from './errors/hub-error.js';
export { MAX_ISSUES, ValidationFailedError, type ValidationIssue } from './errors/validation-failed.error.js';
export { EventEnvelope } from './envelope/event-envelope.js';
export { WorkPermitIssuedV1, PERMIT_CLASSES, type PermitClass } from './events/work-permit/work-permit-issued.v1.js';
export { WorkPermitIssuedV2, PermitValidity, Occupation } from './events/work-permit/work-permit-issued.v2.js';
export { Person, Employer } from './events/shared/person.js';
export {
  AGENCY_KINDS,
  defineEvent,
  type AgencyKind,
  type EnvelopeFacts,
  type EventContract,
  type PersonIdentity,
  type VersionBridge,
} from './events/event-contract.js';
export { exampleEvent } from './events/example-event.js';
export {
  LinkageCase,
  LinkageCaseResolution,
  LinkageDecisionV1,
  LinkageFinding,
  LinkageText,
  LinkageThreshold,
} from './events/linkage/linkage-decision.v1.js';
export { LINKAGE_CASE_KINDS, LINKAGE_CASE_RESOLUTIONS, LINKAGE_OUTCOMES } from './events/linkage/code-lists.js';
export { VIOLATION_SEVERITIES } from './events/credit/code-lists.js';
export { COMMITMENT_BREACHES, type CommitmentBreach } from './events/credit/credit-commitment-breached.v1.js';
export { APPLICATION_PATHS, type ApplicationPath } from './events/work-permit/work-permit-application-submitted.v2.js';
export {
  COMMITMENT_VERIFICATION_RESULTS,
  type CommitmentVerificationResult,
} from './events/work-permit/work-permit-commitment-verified.v1.js';
export { toContractVersion } from './events/convert-version.js';
export {
  EVENT_CATALOGUE,
  findContract,
  knownEventTypes,
  versionsOf,
  type CatalogueEntry,
  type CatalogueContract,
} from './events/catalogue.js';
export type { AnyCanonicalEvent, CanonicalEventOf, EventPayloads, EventType, TopicMessages, TopicOf } from './events/event-types.js';
export {
  CANONICAL_TOPICS,
  CANONICAL_TOPIC_NAMES,
  DISPATCH_TOPIC,
  INBOUND_HEADERS,
  KAFKA_HEADERS,
  type CanonicalTopic,
  type CanonicalEvent,
} from './topics/topics.js';
export { toIssues } from './validation/to-issues.js';
export { validateEvent, type ValidatedEvent } from './validation/validate-event.js';
export { isUuid, UUID_FORMAT, WORK_PERMIT_NO_FORMAT } from './validation/formats.js';
export { FORBIDDEN_MEMBER_NAMES, MAX_MEMBERS_PER_OBJECT, screenEvent } from './validation/screen-event.js';
export { canonicalJson } from './encoding/canonical-json.js';
export * from './code-lists/index.js';
export { IsInCodeList, IsGbT2260Region, usedCodeLists } from './validation/rules.js';
export { eventSchema, schemaId, JSON_SCHEMA_DIALECT, type JsonSchema } from './schema/json-schema.js';
export type { Bilingual } from './schema/annotations.js';
export { breakingChanges, type BreakingChange, type BreakingKind } from './compatibility/breaking-changes.js';
