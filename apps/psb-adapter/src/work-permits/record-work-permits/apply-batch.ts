import type { ReceivedSequence, SequenceGap, SubscriptionSequencesRepository } from '@hub/agency-kit';
import type { DeadLetterEntry, KafkaBatch } from '@hub/messaging';
import type { EntityManager } from 'typeorm';
import { applyPermitEvent } from './apply-permit-event.js';
import type { ParsedRecord } from './parse-record.js';
import type { PermitRecord } from './permit-event.js';
import type { WorkPermitRecordsRepository } from './work-permit-records.repository.js';

type EventRecord = Extract<ParsedRecord, { kind: 'event' }>;
type InvalidRecord = Extract<ParsedRecord, { kind: 'invalid' }>;

/** What a batch did. */
export interface BatchOutcome {
  /** Events applied now, in order. */
  readonly applied: readonly { readonly id: string; readonly correlationId: string }[];
  /** Events already in the inbox (redelivered or replayed). */
  readonly duplicates: number;
  /** Events older than the record they would change. */
  readonly older: number;
  /** Ids of changes to permits without a record. */
  readonly withoutPermit: readonly string[];
  /** Records of types the adapter does not record. */
  readonly ignored: number;
  readonly deadLettered: readonly InvalidRecord[];
  readonly gaps: readonly (SequenceGap & { readonly subscriptionId: string })[];
}

/** What applying a batch needs, passed in so the unit tests can fake it. */
export interface ApplyBatchDependencies {
  readonly permits: Pick<WorkPermitRecordsRepository, 'admitToInbox' | 'lockPermits' | 'savePermits'>;
  readonly sequences: Pick<SubscriptionSequencesRepository, 'track'>;
  readonly recordDeadLetters: (tx: EntityManager, entries: readonly DeadLetterEntry[]) => Promise<void>;
  readonly now: Date;
  readonly gapGraceMs: number;
}

/**
 * Applies parsed records in the caller's transaction: dead letters for the poison ones; each event
 * whose id enters the inbox now applied in order onto its permit's locked record, and the changed
 * records saved; the sequence numbers of every delivery (poison included) tracked.
 */
export async function applyBatch(
  tx: EntityManager,
  batch: KafkaBatch,
  records: readonly ParsedRecord[],
  deps: ApplyBatchDependencies,
): Promise<BatchOutcome> {
  const events = records.filter((record): record is EventRecord => record.kind === 'event');
  const invalid = records.filter((record): record is InvalidRecord => record.kind === 'invalid');
  await deps.recordDeadLetters(
    tx,
    invalid.map((record) => toDeadLetter(batch, record)),
  );
  const fresh = await deps.permits.admitToInbox(
    tx,
    events.map(({ event, delivery, message }) => ({
      eventId: event.id,
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      ...delivery,
    })),
  );
  const toApply = events.filter(({ event }) => fresh.delete(event.id));
  const current = await deps.permits.lockPermits(
    tx,
    toApply.map(({ event }) => event.permitNo),
  );
  const changed = new Map<string, PermitRecord>();
  const applied: { id: string; correlationId: string }[] = [];
  const withoutPermit: string[] = [];
  let older = 0;
  for (const { event } of toApply) {
    const result = applyPermitEvent(changed.get(event.permitNo) ?? current.get(event.permitNo), event);
    if (result.outcome === 'applied') {
      changed.set(event.permitNo, result.record);
      applied.push({ id: event.id, correlationId: event.correlationId });
    } else if (result.outcome === 'older') older += 1;
    else withoutPermit.push(event.id);
  }
  await deps.permits.savePermits(tx, [...changed.values()]);
  const gaps = await deps.sequences.track(tx, receivedSequences(records), deps.now, deps.gapGraceMs);
  return {
    applied,
    duplicates: events.length - toApply.length,
    older,
    withoutPermit,
    ignored: records.filter((record) => record.kind === 'ignored').length,
    deadLettered: invalid,
    gaps,
  };
}

/** Every delivery's sequence number, whatever became of its record. */
function receivedSequences(records: readonly ParsedRecord[]): ReceivedSequence[] {
  return records.flatMap(({ delivery }) =>
    delivery && delivery.sequence !== null
      ? [{ subscriptionId: delivery.subscriptionId, sequence: delivery.sequence, replayed: delivery.replayId !== null }]
      : [],
  );
}

function toDeadLetter(batch: KafkaBatch, record: InvalidRecord): DeadLetterEntry {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: record.message.offset,
    key: record.message.key,
    payload: record.message.value?.toString('utf8') ?? '',
    headers: record.message.headers,
    errorCode: record.code,
    errorMessage: record.reason,
  };
}

export function emptyOutcome(): BatchOutcome {
  return { applied: [], duplicates: 0, older: 0, withoutPermit: [], ignored: 0, deadLettered: [], gaps: [] };
}

export function mergeOutcomes(a: BatchOutcome, b: BatchOutcome): BatchOutcome {
  return {
    applied: [...a.applied, ...b.applied],
    duplicates: a.duplicates + b.duplicates,
    older: a.older + b.older,
    withoutPermit: [...a.withoutPermit, ...b.withoutPermit],
    ignored: a.ignored + b.ignored,
    deadLettered: [...a.deadLettered, ...b.deadLettered],
    gaps: [...a.gaps, ...b.gaps],
  };
}
