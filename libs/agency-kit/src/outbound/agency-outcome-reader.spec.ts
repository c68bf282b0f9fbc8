import { describe, expect, it } from '@jest/globals';
import type { ConsumedBatch, KafkaClient } from '@hub/messaging';
import { AgencyOutcomeReader } from './agency-outcome-reader.js';
import type { PublishOutcome } from './publish-outcome.js';

const settings = {
  agencyId: 'bureau-310000',
  brokers: ['127.0.0.1:1'],
  security: { sasl: { mechanism: 'scram-sha-512' as const, username: 'bureau-310000', password: 'p' }, ssl: { ca: [] } },
};

const outcome = (offset: number): PublishOutcome => ({
  eventId: `e${offset}`,
  status: 'accepted',
  outboundOffset: { partition: 0, offset: String(offset) },
  at: '2026-12-04T20:00:00.000Z',
});

/** A consumer whose run hands over one batch of `values` and records what was committed. */
function fakeKafka(values: (string | null)[]) {
  const joined: { groupId?: string; topics?: string[]; fromBeginning?: boolean } = {};
  const committed: unknown[] = [];
  let batchDone: Promise<void> = Promise.resolve();
  const kafka = {
    consumer: ({ groupId }: { groupId: string }) => {
      joined.groupId = groupId;
      return {
        connect: () => Promise.resolve(),
        disconnect: () => Promise.resolve(),
        subscribe: ({ topics, fromBeginning }: { topics: string[]; fromBeginning: boolean }) =>
          Promise.resolve(void Object.assign(joined, { topics, fromBeginning })),
        run: ({ eachBatch }: { eachBatch: (payload: ConsumedBatch) => Promise<void> }) => {
          const payload = {
            batch: {
              topic: 'agency.bureau-310000.outcomes',
              partition: 0,
              messages: values.map((value, offset) => ({ offset: String(offset), value: value === null ? null : Buffer.from(value) })),
            },
            isRunning: () => true,
            isStale: () => false,
            resolveOffset: () => undefined,
            heartbeat: () => Promise.resolve(),
            commitOffsetsIfNecessary: (offsets: unknown) => Promise.resolve(void committed.push(offsets)),
          } as unknown as ConsumedBatch;
          batchDone = eachBatch(payload);
          return Promise.resolve();
        },
      };
    },
  } as unknown as KafkaClient;
  return { kafka, joined, committed, batch: () => batchDone };
}

const committedOffset = (offset: string) => ({
  topics: [{ topic: 'agency.bureau-310000.outcomes', partitions: [{ partition: 0, offset }] }],
});

describe('AgencyOutcomeReader', () => {
  it('reads the agency outcomes topic in its own group, hands each outcome over and commits after them', async () => {
    const fake = fakeKafka([JSON.stringify(outcome(0)), 'not json', JSON.stringify(outcome(2))]);
    const seen: PublishOutcome[] = [];
    const reader = new AgencyOutcomeReader(settings, (o) => Promise.resolve(void seen.push(o)), {}, fake.kafka);
    await reader.start();
    await fake.batch();
    expect(fake.joined).toEqual({
      groupId: 'agency.bureau-310000.outcomes',
      topics: ['agency.bureau-310000.outcomes'],
      fromBeginning: true,
    });
    expect(seen).toEqual([outcome(0), outcome(2)]);
    expect(fake.committed).toEqual([committedOffset('3')]);
    await reader.stop();
  });

  it('commits only the outcomes handled before a handler failed, so the failed one is read again', async () => {
    const fake = fakeKafka([JSON.stringify(outcome(0)), JSON.stringify(outcome(1))]);
    const reader = new AgencyOutcomeReader(
      settings,
      (o) => (o.eventId === 'e1' ? Promise.reject(new Error('bureau database down')) : Promise.resolve()),
      {},
      fake.kafka,
    );
    await reader.start();
    await expect(fake.batch()).rejects.toThrow('bureau database down');
    expect(fake.committed).toEqual([committedOffset('1')]);
  });

  it('refuses a group outside the agency prefix', () => {
    expect(() => new AgencyOutcomeReader(settings, () => Promise.resolve(), { groupId: 'outcomes' }, fakeKafka([]).kafka)).toThrow(
      /must start with agency\.bureau-310000\./,
    );
  });
});
