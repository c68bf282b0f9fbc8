export { HubError, type ErrorContext } from './errors/hub-error.js';
export { ValidationFailedError, type ValidationIssue } from './errors/validation-failed.error.js';
export { EventEnvelope } from './envelope/event-envelope.js';
export {
  WorkPermitIssuedV1,
  PermitHolder,
  PermitEmployer,
  PERMIT_CLASSES,
  type PermitClass,
} from './events/work-permit/work-permit-issued.v1.js';
export { EVENT_CATALOGUE, findContract, knownEventTypes, type CatalogueEntry, type PersonIdentity } from './events/catalogue.js';
export {
  CANONICAL_TOPICS,
  KAFKA_HEADERS,
  type CanonicalTopic,
  type CanonicalEvent,
  type EventPayloads,
  type EventType,
  type TopicMessages,
} from './topics/topics.js';
export { validateEvent, type ValidatedEvent } from './validation/validate-event.js';
export { canonicalJson } from './encoding/canonical-json.js';
export * from './code-lists/index.js';
export { IsInCodeList, IsGbT2260Region } from './validation/rules.js';
