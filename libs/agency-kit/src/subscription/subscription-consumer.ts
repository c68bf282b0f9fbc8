import { recordDeadLetters, type DeadLetterEntry, type KafkaBatch, type KafkaBatchMessage } from '@hub/messaging';
import type { EntityManager } from 'typeorm';
import { applyIsolatingRefused } from '../batch/apply-isolating-refused.js';
import type { Delivery } from '../delivery/read-delivery.js';
import {
  DEAD_LETTER_CODES,
  parseInboundRecord,
  type InboundReaderWording,
  type InboundRecord,
  type ReadEvent,
} from '../delivery/parse-inbound-record.js';
import type { SequenceGap } from '../sequences/judge-sequence-gap.js';
import type { ReceivedSequence, SubscriptionSequencesRepository } from '../sequences/subscription-sequences.repository.js';
import { admitToInbox, type InboxEntry } from './admit-to-inbox.js';

/** An event read from the inbound topic, with the delivery that brought it. */
export interface InboundEvent<E> {
  readonly event: E;
  readonly delivery: Delivery;
  readonly message: KafkaBatchMessage;
}

type InvalidRecord<E> = Extract<InboundRecord<E>, { kind: 'invalid' }>;

/** What one batch (or one redriven record) became. `applied` is what the adapter's own step made of the new events. */
export interface ConsumedBatch<E, O> {
  readonly applied: O;
  /** Events seen for the first time now, in delivery order (each given to the adapter's step once). */
  readonly fresh: readonly InboundEvent<E>[];
  /** Events already in the inbox (redelivered or replayed). */
  readonly duplicates: readonly InboundEvent<E>[];
  /** Records of types this adapter does not record (another subscription of the agency may take them). */
  readonly ignored: number;
  readonly deadLettered: readonly InvalidRecord<E>[];
  readonly gaps: readonly (SequenceGap & { readonly subscriptionId: string })[];
}

/** What an adapter supplies: how it reads an event, and how it applies new ones in the batch's transaction. */
export interface SubscriptionConsumerSteps<E, O> {
  readonly readEvent: (json: unknown) => ReadEvent<E>;
  readonly wording: InboundReaderWording;
  readonly eventId: (event: E) => string;
  /** Applies events seen for the first time, in delivery order, in the transaction `tx` (per person order is the topic's). */
  readonly apply: (tx: EntityManager, events: readonly InboundEvent<E>[]) => Promise<O>;
  readonly empty: () => O;
  readonly merge: (a: O, b: O) => O;
}

/** Where the consumer writes: the adapter's database, its sequence tracking and the gap grace period. */
export interface SubscriptionConsumerPorts {
  readonly transaction: <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>;
  /**
   * The sequence tracking; null for a consumer that reads the same records as another one that
   * tracks them (public security's residence reviews beside its work permits): the other records
   * every delivery's number, whatever its type, so doing it twice would only cost two more
   * transactions a batch.
   */
  readonly sequences: Pick<SubscriptionSequencesRepository, 'record' | 'settle'> | null;
  readonly gapGraceMs: number;
  readonly now?: () => Date;
}

/**
 * Consumes an agency's inbound topic the one way every adapter does: each record read with the
 * adapter's reader (poison parked in `dead_letters` with code and reason, never retried); each
 * event's id admitted to the inbox in the transaction that applies it, so a redelivered or replayed
 * copy changes nothing; the new events handed to the adapter's step in delivery order (one person's
 * events are in one partition, in the order the hub accepted them); every delivery's sequence
 * number recorded with the batch and, after its commit, settled, and a gap reported once it outlives its grace. When the database refuses one
 * record's data the batch is applied one record at a time and that record dead-lettered; an
 * unreachable database fails the batch, which Kafka delivers again.
 */
export class SubscriptionConsumer<E, O> {
  constructor(
    private readonly steps: SubscriptionConsumerSteps<E, O>,
    private readonly ports: SubscriptionConsumerPorts,
  ) {}

  /** Reads one record as this adapter would (for tests and redrive). */
  parse(message: KafkaBatchMessage): InboundRecord<E> {
    return parseInboundRecord(message, this.steps.readEvent, this.steps.wording);
  }

  async consume(batch: KafkaBatch): Promise<ConsumedBatch<E, O>> {
    return this.consumeMessages(batch.topic, batch.partition, batch.messages);
  }

  /** Consumes records of one partition in offset order; `before` runs first in each transaction (redrive removes the dead letter there). */
  async consumeMessages(
    topic: string,
    partition: number,
    messages: readonly KafkaBatchMessage[],
    before?: (tx: EntityManager) => Promise<void>,
  ): Promise<ConsumedBatch<E, O>> {
    const parsed = messages.map((message) => this.parse(message));
    const sequences = this.ports.sequences;
    const received = sequences ? receivedSequences(parsed) : [];
    // A batch with nothing for this consumer to write (every record another consumer's, numbers tracked there) opens no transaction.
    if (!before && received.length === 0 && parsed.every((record) => record.kind === 'ignored')) {
      return { ...this.empty(), ignored: parsed.length };
    }
    const consumed = await applyIsolatingRefused(parsed, {
      apply: (records) =>
        this.ports.transaction(async (tx) => {
          await before?.(tx);
          return this.applyRecords(tx, topic, partition, records);
        }),
      merge: (a, b) => this.merge(a, b),
      empty: () => this.empty(),
      refused: (record, error): InboundRecord<E> => ({
        kind: 'invalid',
        message: record.message,
        delivery: record.delivery,
        code: DEAD_LETTER_CODES.refusedByDatabase,
        reason: `the database refused the record's data: ${error.message}`,
      }),
    });
    if (!sequences) return consumed;
    // After the commit, so that the batches of the subscription's other partitions never wait for this one.
    const now = this.ports.now?.() ?? new Date();
    const gaps = await sequences.settle(this.ports.transaction, received, now, this.ports.gapGraceMs);
    return { ...consumed, gaps };
  }

  private async applyRecords(
    tx: EntityManager,
    topic: string,
    partition: number,
    records: readonly InboundRecord<E>[],
  ): Promise<ConsumedBatch<E, O>> {
    const events = records.filter((record): record is Extract<InboundRecord<E>, { kind: 'event' }> => record.kind === 'event');
    const invalid = records.filter((record): record is InvalidRecord<E> => record.kind === 'invalid');
    await recordDeadLetters(
      tx,
      invalid.map((record) => toDeadLetter(topic, partition, record)),
    );
    const fresh = await admitToInbox(
      tx,
      events.map(({ event, delivery, message }): InboxEntry => ({
        eventId: this.steps.eventId(event),
        topic,
        partition,
        offset: message.offset,
        ...delivery,
      })),
    );
    const inbound = events.map(({ event, delivery, message }) => ({ event, delivery, message }));
    const toApply = inbound.filter(({ event }) => fresh.delete(this.steps.eventId(event)));
    const applied = toApply.length > 0 ? await this.steps.apply(tx, toApply) : this.steps.empty();
    await this.ports.sequences?.record(tx, receivedSequences(records));
    return {
      applied,
      fresh: toApply,
      duplicates: inbound.filter((record) => !toApply.includes(record)),
      ignored: records.filter((record) => record.kind === 'ignored').length,
      deadLettered: invalid,
      gaps: [],
    };
  }

  private empty(): ConsumedBatch<E, O> {
    return { applied: this.steps.empty(), fresh: [], duplicates: [], ignored: 0, deadLettered: [], gaps: [] };
  }

  private merge(a: ConsumedBatch<E, O>, b: ConsumedBatch<E, O>): ConsumedBatch<E, O> {
    return {
      applied: this.steps.merge(a.applied, b.applied),
      fresh: [...a.fresh, ...b.fresh],
      duplicates: [...a.duplicates, ...b.duplicates],
      ignored: a.ignored + b.ignored,
      deadLettered: [...a.deadLettered, ...b.deadLettered],
      gaps: [...a.gaps, ...b.gaps],
    };
  }
}

/** Every delivery's sequence number, whatever became of its record. */
function receivedSequences<E>(records: readonly InboundRecord<E>[]): ReceivedSequence[] {
  return records.flatMap(({ delivery }) =>
    delivery && delivery.sequence !== null
      ? [{ subscriptionId: delivery.subscriptionId, sequence: delivery.sequence, replayed: delivery.replayId !== null }]
      : [],
  );
}

function toDeadLetter<E>(topic: string, partition: number, record: InvalidRecord<E>): DeadLetterEntry {
  return {
    topic,
    partition,
    offset: record.message.offset,
    key: record.message.key,
    payload: record.message.value?.toString('utf8') ?? '',
    headers: record.message.headers,
    errorCode: record.code,
    errorMessage: record.reason,
  };
}
