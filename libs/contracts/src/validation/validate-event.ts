import { validateSync, type ValidatorOptions } from 'class-validator';
import { EventEnvelope } from '../envelope/event-envelope.js';
import { MAX_ISSUES, ValidationFailedError, type ValidationIssue } from '../errors/validation-failed.error.js';
import { findContract, knownEventTypes, type CatalogueEntry } from '../events/catalogue.js';
import { compiledCheckOf } from './compiled-check.js';
import { instantiate } from './nested.js';
import { screenEvent } from './screen-event.js';
import { toIssues } from './to-issues.js';

const STRICT: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** A validated event and the contract it was checked against. */
export interface ValidatedEvent {
  readonly envelope: EventEnvelope<object>;
  readonly contract: CatalogueEntry;
}

/**
 * Checks an incoming event against the envelope and the contract its `type` and
 * `contractversion` name. Returns the event with only contract fields, or throws
 * ValidationFailedError listing the issues, at most MAX_ISSUES of them (paths prefixed with
 * `pathPrefix`, e.g. `events[3]`).
 *
 * The contracts' compiled checks decide first; only an event they refuse goes through
 * class-validator, which lists its issues (and has the last word).
 */
export function validateEvent(input: unknown, pathPrefix = ''): ValidatedEvent {
  return acceptedByCompiledChecks(input) ?? validateEventWithClassValidator(input, pathPrefix);
}

/** validateEvent with class-validator alone, as the compiled checks are measured against. */
export function validateEventWithClassValidator(input: unknown, pathPrefix = ''): ValidatedEvent {
  const { issues, event } = check(input);
  if (issues.length > 0 || !event) {
    throw new ValidationFailedError(
      issues.slice(0, MAX_ISSUES).map((issue) => prefixed(issue, pathPrefix)),
      issues.length,
    );
  }
  return event;
}

function check(input: unknown): { issues: ValidationIssue[]; event?: ValidatedEvent } {
  if (!isRecord(input)) return { issues: [{ path: '', rule: 'isObject', message: 'an event must be a JSON object' }] };
  // Oversized objects and forbidden member names are refused before any field is checked; strings
  // no database stores are refused whatever field holds them (added to the contract's issues).
  const screened = screenEvent(input, MAX_ISSUES);
  if (screened.some((issue) => STRUCTURAL_RULES.has(issue.rule))) return { issues: screened };
  const { issues, event } = checkContract(input);
  const found = new Set(issues.map((issue) => `${issue.path} ${issue.rule}`));
  for (const issue of screened) if (!found.has(`${issue.path} ${issue.rule}`)) issues.push(issue);
  return issues.length > 0 ? { issues } : { issues, event };
}

const STRUCTURAL_RULES = new Set(['maxMembers', 'arrayMaxSize', 'allowedMemberName']);

const ENVELOPE_CHECK = compiledCheckOf(EventEnvelope);

/**
 * The event ready to use when every check passes, by the compiled checks (see compiled-check.ts);
 * undefined when any fails. Same steps as `check`, in the same order, without collecting issues.
 */
export function acceptedByCompiledChecks(input: unknown): ValidatedEvent | undefined {
  if (!isRecord(input) || screenEvent(input, 1).length > 0) return undefined;
  const envelope = Object.assign(new EventEnvelope<object>(), input);
  if (!ENVELOPE_CHECK(envelope) || sourceMismatch(input)) return undefined;
  const contract = findContract(envelope.type, envelope.contractversion);
  if (!contract) return undefined;
  if (subjectMissing(envelope, contract)) return undefined;
  envelope.data = instantiate(contract.payload, input['data']) as object;
  return compiledCheckOf(contract.payload)(envelope.data) ? { envelope, contract } : undefined;
}

function sourceMismatch(input: Record<string, unknown>): boolean {
  return (
    typeof input['agency'] === 'string' && typeof input['source'] === 'string' && input['source'] !== `urn:hub:agency:${input['agency']}`
  );
}

function checkContract(input: Record<string, unknown>): { issues: ValidationIssue[]; event?: ValidatedEvent } {
  // The envelope has no nested classes, so a plain copy onto its prototype is all class-validator needs.
  const envelope = Object.assign(new EventEnvelope<object>(), input);
  const issues = toIssues(validateSync(envelope, STRICT));
  if (sourceMismatch(input)) {
    const agency = input['agency'] as string;
    issues.push({
      path: 'source',
      rule: 'matchesAgency',
      message: `source must be urn:hub:agency:${agency} for agency ${agency}`,
    });
  }
  if (issues.some((issue) => issue.path === 'type' || issue.path === 'contractversion' || issue.path === 'data')) return { issues };
  const contract = findContract(envelope.type, envelope.contractversion);
  if (!contract) {
    const known = knownEventTypes().includes(envelope.type);
    issues.push(
      known
        ? {
            path: 'contractversion',
            rule: 'knownContractVersion',
            message: `${envelope.type} has no contract version ${envelope.contractversion}`,
          }
        : {
            path: 'type',
            rule: 'knownEventType',
            message: `unknown event type ${JSON.stringify(envelope.type)}; known types: ${knownEventTypes().join(', ')}`,
          },
    );
    return { issues };
  }
  if (subjectMissing(envelope, contract)) {
    issues.push({
      path: 'subject',
      rule: 'isDefined',
      message: `subject is required for ${envelope.type}: its data names no person to derive it from, so give the subject id`,
    });
  }
  envelope.data = instantiate(contract.payload, input['data']) as object;
  toIssues(validateSync(envelope.data, STRICT), 'data', issues);
  return { issues, event: { envelope, contract } };
}

/** A contract that names no person in data (linkage.*) needs the subject id in the envelope. */
function subjectMissing(envelope: EventEnvelope<object>, contract: CatalogueEntry): boolean {
  return !contract.identify && envelope.subject === undefined;
}

function prefixed(issue: ValidationIssue, prefix: string): ValidationIssue {
  if (!prefix) return issue;
  const path = issue.path ? `${prefix}.${issue.path}` : prefix;
  return { ...issue, path, message: issue.path ? issue.message.replace(issue.path, path) : `${prefix}: ${issue.message}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
