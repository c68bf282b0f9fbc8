import { describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS } from '@hub/contracts';
import type { KafkaBatchMessage } from '@hub/messaging';
import type { EntityManager } from 'typeorm';
import type { ReadEvent } from '../delivery/parse-inbound-record.js';
import type { ReceivedSequence } from '../sequences/subscription-sequences.repository.js';
import { SubscriptionConsumer, type SubscriptionConsumerPorts } from './subscription-consumer.js';

const SUBSCRIPTION = '6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11';

/** A hub delivery of an event of `type`, number `sequence` of the subscription. */
function delivery(sequence: number, type: string): KafkaBatchMessage {
  const id = `0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d${String(sequence).padStart(2, '0')}`;
  return {
    key: 'sub_1',
    value: Buffer.from(JSON.stringify({ id, type })),
    headers: { [INBOUND_HEADERS.subscriptionId]: SUBSCRIPTION, [INBOUND_HEADERS.sequence]: String(sequence) },
    offset: String(sequence),
    timestamp: '0',
  };
}

interface Seen {
  transactions: number;
  statements: string[];
  recorded: ReceivedSequence[][];
  settled: ReceivedSequence[][];
  applied: string[];
}

/** A consumer of `reviews` events over fakes that count what it does; `tracking` false: another consumer tracks the numbers. */
function consumerOf(tracking: boolean): { consumer: SubscriptionConsumer<{ id: string }, string[]>; seen: Seen } {
  const seen: Seen = { transactions: 0, statements: [], recorded: [], settled: [], applied: [] };
  const tx = {
    query: (sql: string, params: unknown[]) => {
      seen.statements.push(sql);
      if (sql.includes('INSERT INTO inbox')) return Promise.resolve((params[0] as string[]).map((id) => ({ event_id: id })));
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  const ports: SubscriptionConsumerPorts = {
    transaction: (work) => {
      seen.transactions += 1;
      return work(tx);
    },
    sequences: tracking
      ? {
          record: (_tx, received) => {
            seen.recorded.push([...received]);
            return Promise.resolve();
          },
          settle: (_transaction, received) => {
            seen.settled.push([...received]);
            return Promise.resolve([]);
          },
        }
      : null,
    gapGraceMs: 0,
  };
  const readEvent = (json: unknown): ReadEvent<{ id: string }> => {
    const { id, type } = json as { id: string; type: string };
    return type === 'review' ? { kind: 'event', event: { id } } : { kind: 'ignored', type };
  };
  const consumer = new SubscriptionConsumer<{ id: string }, string[]>(
    {
      readEvent,
      wording: { recorder: 'public security' },
      eventId: (event) => event.id,
      apply: (_tx, events) => {
        seen.applied.push(...events.map(({ event }) => event.id));
        return Promise.resolve(events.map(({ event }) => event.id));
      },
      empty: () => [],
      merge: (a, b) => [...a, ...b],
    },
    ports,
  );
  return { consumer, seen };
}

describe('SubscriptionConsumer', () => {
  it('records and settles the numbers of every delivery when it tracks them, those of records it ignores too', async () => {
    const { consumer, seen } = consumerOf(true);
    const outcome = await consumer.consumeMessages('agency.psb-310000.inbound', 0, [delivery(1, 'permit'), delivery(2, 'permit')]);
    expect(outcome.ignored).toBe(2);
    expect(seen.transactions).toBe(1);
    const numbers = [1, 2].map((sequence) => ({ subscriptionId: SUBSCRIPTION, sequence, replayed: false }));
    expect(seen.recorded).toEqual([numbers]);
    expect(seen.settled).toEqual([numbers]);
  });

  it('opens no transaction for a batch it has nothing in when another consumer tracks the numbers', async () => {
    const { consumer, seen } = consumerOf(false);
    const outcome = await consumer.consumeMessages('agency.psb-310000.inbound', 0, [delivery(1, 'permit'), delivery(2, 'permit')]);
    expect(outcome).toMatchObject({ ignored: 2, fresh: [], deadLettered: [], gaps: [] });
    expect(seen.transactions).toBe(0);
    expect(seen.statements).toEqual([]);
  });

  it('applies its own events in one transaction and leaves the numbers alone when another consumer tracks them', async () => {
    const { consumer, seen } = consumerOf(false);
    const outcome = await consumer.consumeMessages('agency.psb-310000.inbound', 0, [
      delivery(1, 'permit'),
      delivery(2, 'review'),
      delivery(3, '{not one of ours'),
    ]);
    expect(outcome.ignored).toBe(2);
    expect(outcome.fresh.map(({ event }) => event.id)).toEqual(['0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d02']);
    expect(seen.applied).toEqual(['0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d02']);
    expect(seen.transactions).toBe(1);
    expect(seen.statements.filter((sql) => sql.includes('sequences'))).toEqual([]);
  });

  it('parks a poison record as a dead letter even when it tracks no numbers', async () => {
    const { consumer, seen } = consumerOf(false);
    const poison: KafkaBatchMessage = { ...delivery(4, 'permit'), value: Buffer.from('{"id":') };
    const outcome = await consumer.consumeMessages('agency.psb-310000.inbound', 0, [poison]);
    expect(outcome.deadLettered).toHaveLength(1);
    expect(seen.transactions).toBe(1);
    expect(seen.statements.some((sql) => sql.includes('dead_letters'))).toBe(true);
  });
});
