import type { KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HubError, MAX_ISSUES, ValidationFailedError, validateEvent, type ValidationIssue, isUuid } from '@hub/contracts';
import type { FieldCipher } from '@hub/identity';
import { AgencyRegistry } from '../../agencies/index.js';
import { HubConfig } from '../../config/hub-config.js';
import { fieldCipherOf } from '../../config/hub-keys.js';
import { PolicyService } from '../../policy/index.js';
import { subjectIdKey } from '../../subjects/index.js';
import { EventIdConflictError } from '../events.errors.js';
import { EVENT_STORE, type EventStore, type PreparedEvent, type StoreOutcome } from '../event-store.port.js';
import type { PublishedEvent, PublishEventsCommand, PublishEventsResult } from './publish-events.command.js';
import { AgencyRateLimiter } from './agency-rate-limiter.js';
import { authorizeEvents, type AuthorizedEvent, type ReceivedEvent } from './authorize-events.js';
import { prepareEvent } from './prepare-event.js';
import { PublishMetrics } from './publish-metrics.js';
import { RefusalAudit } from './refusal-audit.js';
import { SignatureVerification } from './signature-verification.js';

/**
 * Accepts events from an authenticated agency: within its rate, validates every one, checks that
 * each is the agency's own, allowed by policy and validly signed (all or nothing: one bad event
 * rejects the request and nothing is stored), derives subject ids, and stores the new ones with
 * their outbox records atomically. An event id sent again with the same content is a duplicate,
 * not an error; with different content it is a conflict.
 */
@Injectable()
export class PublishEventsHandler {
  private readonly logger = new Logger(PublishEventsHandler.name);
  private readonly subjectIdKey: KeyObject;
  private readonly cipher: FieldCipher;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: HubConfig,
    private readonly registry: AgencyRegistry,
    private readonly policy: PolicyService,
    private readonly rateLimiter: AgencyRateLimiter,
    private readonly refusals: RefusalAudit,
    private readonly signatures: SignatureVerification,
    private readonly metrics: PublishMetrics,
  ) {
    this.subjectIdKey = subjectIdKey(config.SUBJECT_ID_KEY);
    this.cipher = fieldCipherOf(config);
  }

  async execute(command: PublishEventsCommand): Promise<PublishEventsResult> {
    let outcome: StoreOutcome;
    let prepared: PreparedEvent[];
    let unique: PreparedEvent[];
    try {
      this.checkSize(command);
      this.rateLimiter.take(command.agency.id, command.events.length);
      const received = this.validateAll(command);
      const authorized = await authorizeEvents(
        command.agency,
        received,
        this.policy,
        this.registry,
        this.signatures.verifierFor(received.length),
      );
      prepared = this.prepareAll(command, received, authorized);
      unique = dedupeWithinRequest(prepared);
      outcome = await this.store.storeNew(unique);
    } catch (error) {
      const audited = command.auditRefusal !== false;
      if (audited) this.metrics.countRefused(command.agency.id, error, command.events.map(typeOf));
      if (audited && (!(error instanceof HubError) || !error.retriable || error.code === 'RATE_LIMITED')) {
        await this.refusals.record(`agency:${command.agency.id}`, error, eventIdsOf(command.events));
      }
      throw error;
    }
    const events = resultsOf(prepared, new Set(unique), outcome);
    const acceptedTypes: string[] = [];
    let duplicates = 0;
    events.forEach((event, index) => {
      if (event.status === 'accepted') acceptedTypes.push(prepared[index]!.type);
      else if (event.status === 'duplicate') duplicates += 1;
    });
    this.metrics.countAccepted(command.agency.id, acceptedTypes);
    this.logger.log({
      message: 'events accepted',
      agency: command.agency.id,
      accepted: acceptedTypes.length,
      duplicates,
      held: events.length - acceptedTypes.length - duplicates,
      correlationIds: [...new Set(events.map((e) => e.correlationId))],
      eventIds: events.map((e) => e.id),
    });
    return { events };
  }

  private checkSize(command: PublishEventsCommand): void {
    const max = this.config.MAX_EVENTS_PER_REQUEST;
    if (command.events.length === 0 || command.events.length > max) {
      throw new ValidationFailedError([{ path: 'events', rule: 'arraySize', message: `events must hold between 1 and ${max} events` }]);
    }
  }

  private validateAll(command: PublishEventsCommand): ReceivedEvent[] {
    const issues: ValidationIssue[] = [];
    const received: ReceivedEvent[] = [];
    let total = 0;
    // Once MAX_ISSUES are known the request is refused; the remaining events are not checked.
    for (const [index, raw] of command.events.entries()) {
      if (issues.length >= MAX_ISSUES) break;
      const prefix = command.batch ? `events[${index}]` : '';
      try {
        received.push({ raw, validated: validateEvent(raw, prefix), prefix });
      } catch (error) {
        if (!(error instanceof ValidationFailedError)) throw error;
        for (const issue of error.issues) if (issues.length < MAX_ISSUES) issues.push(issue);
        total += error.totalIssues;
      }
    }
    if (issues.length > 0) throw new ValidationFailedError(issues, total);
    return received;
  }

  private prepareAll(
    command: PublishEventsCommand,
    received: readonly ReceivedEvent[],
    authorized: readonly AuthorizedEvent[],
  ): PreparedEvent[] {
    const issues: ValidationIssue[] = [];
    const prepared: PreparedEvent[] = [];
    const request = {
      correlationId: command.correlationId,
      traceparent: command.traceparent,
      subjectIdKey: this.subjectIdKey,
      cipher: this.cipher,
    };
    received.forEach(({ validated, prefix }, index) => {
      const { purpose, canonical } = authorized[index] ?? { purpose: 'unknown', canonical: undefined };
      const recordTraceparent = command.recordTraceparents?.[index];
      const result = prepareEvent(validated, { ...request, purpose, canonical, prefix, recordTraceparent });
      if ('path' in result) issues.push({ ...result, path: prefix ? `${prefix}.${result.path}` : result.path });
      else prepared.push(result);
    });
    if (issues.length > 0) throw new ValidationFailedError(issues);
    return prepared;
  }
}

/** The `type` a sent event claims, whatever it is: for labelling refusals (PublishMetrics.countRefused checks it). */
export function typeOf(event: unknown): unknown {
  return typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
}

/** Each event's answer, in request order; a repeat of an id within the request gets its first's. */
function resultsOf(prepared: readonly PreparedEvent[], kept: ReadonlySet<PreparedEvent>, outcome: StoreOutcome): PublishedEvent[] {
  return prepared.map((event) => {
    const conflictId = outcome.held.get(event.id);
    if (conflictId !== undefined) return { id: event.id, status: 'held', correlationId: event.correlationId, conflictId };
    const duplicate = outcome.duplicates.has(event.id) || !kept.has(event);
    return { id: event.id, status: duplicate ? 'duplicate' : 'accepted', correlationId: event.correlationId };
  });
}

/** The ids of the events of a request that look like events (for the audit trail of a refusal). */
function eventIdsOf(events: readonly unknown[]): string[] {
  return events.flatMap((event) => {
    const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
    return isUuid(id) ? [id] : [];
  });
}

/** Drops repeats of an id within one request; the same id with different content is a conflict. */
function dedupeWithinRequest(events: readonly PreparedEvent[]): PreparedEvent[] {
  const byId = new Map<string, PreparedEvent>();
  for (const event of events) {
    const seen = byId.get(event.id);
    if (seen && seen.contentHash !== event.contentHash) throw new EventIdConflictError([event.id]);
    if (!seen) byId.set(event.id, event);
  }
  return [...byId.values()];
}
