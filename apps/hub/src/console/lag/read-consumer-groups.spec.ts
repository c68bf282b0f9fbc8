import { describe, expect, it } from '@jest/globals';
import type { KafkaProbe } from '@hub/messaging';
import type { DataSource } from 'typeorm';
import { ReadConsumerGroups } from './read-consumer-groups.js';

/** A database with one agency subscribed over Kafka, and a probe whose admin client does what `admin` says. */
function readerWith(admin: () => Promise<unknown>): { reader: ReadConsumerGroups; asked: () => number } {
  let asked = 0;
  const probe = {
    admin: () => {
      asked += 1;
      return admin();
    },
  } as unknown as KafkaProbe;
  const dataSource = { query: () => Promise.resolve([{ agency: 'psb-310000', ids: ['s-1'] }]) } as unknown as DataSource;
  return { reader: new ReadConsumerGroups(probe, dataSource), asked: () => asked };
}

describe('the lag page’s consumer groups', () => {
  it('answers within 3 s with the error when Kafka does not answer, and the page’s other parts are not held up', async () => {
    const { reader } = readerWith(() => new Promise(() => undefined));
    const started = Date.now();
    const reading = await reader.read();
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(reading).toEqual({ groups: [], readAt: null, error: expect.stringContaining('Kafka did not answer within 3 s') });
  });

  it('keeps a failed reading 10 s (asking the brokers once) and says why', async () => {
    const { reader, asked } = readerWith(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092')));
    const first = await reader.read();
    const second = await reader.read();
    expect(first).toEqual({ groups: [], readAt: null, error: 'Kafka could not be asked: connect ECONNREFUSED 127.0.0.1:9092' });
    expect(second).toBe(first);
    expect(asked()).toBe(1);
  });

  it('reads each group’s lag from committed and end offsets, from the start of a partition never committed', async () => {
    const admin = {
      listGroups: () => Promise.resolve({ groups: [{ groupId: 'agency.psb-310000.records' }, { groupId: 'agency.psb-110000.records' }] }),
      listTopics: () => Promise.resolve(['agency.psb-310000.inbound']),
      fetchTopicOffsets: () =>
        Promise.resolve([
          { partition: 0, high: '10', low: '0' },
          { partition: 1, high: '5', low: '2' },
        ]),
      fetchOffsets: () => Promise.resolve([{ topic: 'agency.psb-310000.inbound', partitions: [{ partition: 0, offset: '7' }] }]),
    };
    const { reader } = readerWith(() => Promise.resolve(admin));
    // The age lookup finds no delivery in this fake database: the seconds cannot be placed.
    const reading = await reader.read();
    expect(reading.error).toBeNull();
    expect(reading.groups).toEqual([
      {
        agency: 'psb-310000',
        topic: 'agency.psb-310000.inbound',
        groupId: 'agency.psb-310000.records',
        subscriptions: ['s-1'],
        lagMessages: 6,
        lagSeconds: null,
      },
    ]);
  });
});
