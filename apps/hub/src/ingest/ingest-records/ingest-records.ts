import type { PublishOutcome } from '@hub/agency-kit';
import { HubError, isUuid } from '@hub/contracts';
import type { BodyRefusal } from '@hub/http';
import { bodyRefusalError, type PublishEventsResult } from '../../events/index.js';
import { readOutboundRecord } from './read-outbound-record.js';
import { refusalOutcome } from './refusal-outcome.js';

/** One record of an agency's outbound partition. */
export interface OutboundMessage {
  readonly offset: string;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** What ingesting needs of the hub: the publish path for one agency, and the audit of records it never saw. */
export interface IngestSteps {
  /**
   * Runs `POST /v1/events`' handler on these events, read from `records` (one each, in order;
   * `auditRefusal` false: the caller retries them one by one).
   */
  readonly publish: (
    events: readonly unknown[],
    records: readonly OutboundMessage[],
    auditRefusal: boolean,
  ) => Promise<PublishEventsResult>;
  /** Records a record refused before it was read as an event (not JSON, too large) in the audit trail. */
  readonly refuseRecord: (refusal: BodyRefusal) => Promise<void>;
  /** Counts an unexpected failure (not a HubError) of this record; answers how many it has had. */
  readonly failedUnexpectedly: (message: OutboundMessage) => number;
  readonly now: () => Date;
}

export interface IngestLimits {
  readonly maxRecordBytes: number;
  /** The most events handed to the publish path at once (MAX_EVENTS_PER_REQUEST). */
  readonly maxEventsPerCall: number;
  /** Unexpected failures of one record (a fault of the hub on that record) before it is refused as INTERNAL, so it cannot hold its partition. */
  readonly maxUnexpectedFailures: number;
}

/** The outcomes of the records handled, in offset order, and the failure that stopped the rest. */
export interface IngestProgress {
  readonly outcomes: PublishOutcome[];
  /** The held records' conflicts: outbound offset → conflict id (their outcomes say why once the conflicts are read). */
  readonly held: ReadonlyMap<string, string>;
  /** A retriable failure (database away, rate limit): the records after the last outcome wait and are read again. */
  readonly retry?: unknown;
}

interface ReadMessage {
  readonly message: OutboundMessage;
  readonly event?: unknown;
  readonly refusal?: BodyRefusal;
}

/**
 * Ingests one partition's records in offset order. Runs of consecutive events go through the
 * publish path together; when a run is refused, its events go one at a time, so a bad record
 * refuses only itself. A record that is not JSON, too large or no event is refused with its own
 * outcome and never holds the partition. A retriable failure stops the batch at that record.
 */
export async function ingestRecords(
  partition: number,
  messages: readonly OutboundMessage[],
  steps: IngestSteps,
  limits: IngestLimits,
): Promise<IngestProgress> {
  const outcomes: PublishOutcome[] = [];
  const held = new Map<string, string>();
  const outcome = (message: OutboundMessage, { conflictId, ...fields }: OutcomeFields): PublishOutcome => {
    if (conflictId !== undefined) held.set(message.offset, conflictId);
    return { ...fields, outboundOffset: { partition, offset: message.offset }, at: steps.now().toISOString() };
  };
  const read: ReadMessage[] = messages.map((message) => ({ message, ...readOutboundRecord(message.value, limits.maxRecordBytes) }));
  for (let start = 0; start < read.length;) {
    const first = read[start] as ReadMessage;
    if (first.refusal) {
      await steps.refuseRecord(first.refusal);
      outcomes.push(
        outcome(first.message, {
          eventId: null,
          status: 'refused',
          error: refusalOutcome(bodyRefusalError(first.refusal), first.refusal.status),
        }),
      );
      start += 1;
      continue;
    }
    let end = start;
    while (end < read.length && end - start < limits.maxEventsPerCall && !read[end]?.refusal) end += 1;
    const run = read.slice(start, end);
    const retry = await ingestRun(run, steps, limits, (message, fields) => outcomes.push(outcome(message, fields)));
    if (retry !== undefined) return { outcomes, held, retry };
    start = end;
  }
  return { outcomes, held };
}

type OutcomeFields = Pick<PublishOutcome, 'eventId' | 'status' | 'error'> & { readonly conflictId?: string };
type RecordOutcome = (message: OutboundMessage, fields: OutcomeFields) => void;

/** A run of events: together, or one by one once together failed. Answers the retriable failure that stopped it, if any. */
async function ingestRun(run: readonly ReadMessage[], steps: IngestSteps, limits: IngestLimits, record: RecordOutcome): Promise<unknown> {
  if (run.length > 1) {
    try {
      const result = await steps.publish(
        run.map((r) => r.event),
        run.map((r) => r.message),
        false,
      );
      run.forEach((r, index) => record(r.message, answered(result, index, r.event)));
      return undefined;
    } catch (error) {
      // A run larger than the agency's burst is never admitted whole: its events go one at a time.
      if (isRetriable(error) && !isRateLimited(error)) return error;
    }
  }
  for (const r of run) {
    try {
      record(r.message, answered(await steps.publish([r.event], [r.message], true), 0, r.event));
    } catch (error) {
      if (isRetriable(error)) return error;
      if (!(error instanceof HubError) && steps.failedUnexpectedly(r.message) < limits.maxUnexpectedFailures) return error;
      record(r.message, { eventId: eventIdOf(r.event), status: 'refused', error: refusalOutcome(error) });
    }
  }
  return undefined;
}

function answered(result: PublishEventsResult, index: number, event: unknown): OutcomeFields {
  const answer = result.events[index];
  return {
    eventId: answer?.id ?? eventIdOf(event),
    status: answer?.status ?? 'accepted',
    ...(answer?.conflictId === undefined ? {} : { conflictId: answer.conflictId }),
  };
}

/** Failures not of the record's own (store away, rate limit): the record is tried again, never refused for them. */
function isRetriable(error: unknown): boolean {
  return error instanceof HubError && error.retriable;
}

function isRateLimited(error: unknown): boolean {
  return error instanceof HubError && error.code === 'RATE_LIMITED';
}

function eventIdOf(event: unknown): string | null {
  const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
  return isUuid(id) ? id : null;
}
