import { describe, expect, it } from '@jest/globals';
import type { KafkaClient } from '@hub/messaging';
import { AgencyOutboundPublisher, outboundKey } from './agency-outbound-publisher.js';

const settings = {
  agencyId: 'bureau-310000',
  brokers: ['127.0.0.1:1'],
  security: { sasl: { mechanism: 'scram-sha-512' as const, username: 'bureau-310000', password: 'p' }, ssl: { ca: [] } },
};

/** A Kafka client whose producer records what it was made with and sent; its first `failures` sends fail. */
function fakeKafka(failures = 0) {
  const made: unknown[] = [];
  const sent: { topic: string; acks?: number; messages: { key: string; value: string }[] }[] = [];
  let connected = 0;
  const kafka = {
    producer: (config: unknown) => {
      made.push(config);
      return {
        connect: () => Promise.resolve(void (connected += 1)),
        disconnect: () => Promise.resolve(void (connected -= 1)),
        send: (request: (typeof sent)[number]) => {
          sent.push(request);
          return sent.length <= failures ? Promise.reject(new Error(`broker gone (send ${sent.length})`)) : Promise.resolve();
        },
      };
    },
  } as unknown as KafkaClient;
  return { kafka, made, sent, connected: () => connected };
}

const event = { id: '0b9f3c52-2c1e-4c55-9d4e-8d6f1d1c0a01', signature: 'ed25519:bureau-310000-k1:AAAA' };

describe('AgencyOutboundPublisher', () => {
  it('writes each event as JSON to the agency outbound topic with acks=all, one request in flight and no retry inside kafkajs', async () => {
    const fake = fakeKafka();
    const publisher = new AgencyOutboundPublisher(settings, fake.kafka);
    await publisher.connect();
    await publisher.publish([{ event }, { event: { ...event, recordid: 'permit:42' } }, { event, key: 'chosen' }]);
    expect(fake.made).toEqual([expect.objectContaining({ maxInFlightRequests: 1, retry: { retries: 0 } })]);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({ topic: 'agency.bureau-310000.outbound', acks: -1 });
    expect(fake.sent[0]?.messages.map((m) => m.key)).toEqual([event.id, 'permit:42', 'chosen']);
    expect(JSON.parse(fake.sent[0]?.messages[0]?.value ?? 'null')).toEqual(event);
    await publisher.disconnect();
    expect(fake.connected()).toBe(0);
  });

  it('sends a failed batch again whole, and gives up with the last error after five sends', async () => {
    const recovering = fakeKafka(2);
    const publisher = new AgencyOutboundPublisher(settings, recovering.kafka);
    await publisher.connect();
    await publisher.publish([{ event }, { event: { ...event, recordid: 'permit:42' } }]);
    expect(recovering.sent).toHaveLength(3);
    expect(new Set(recovering.sent.map((request) => JSON.stringify(request))).size).toBe(1);

    const gone = fakeKafka(Number.POSITIVE_INFINITY);
    const failing = new AgencyOutboundPublisher(settings, gone.kafka);
    await failing.connect();
    await expect(failing.publish([{ event }])).rejects.toThrow('broker gone (send 5)');
    expect(gone.sent).toHaveLength(5);
  }, 15_000);

  it('refuses to publish before connect, saying what to call', async () => {
    const publisher = new AgencyOutboundPublisher(settings, fakeKafka().kafka);
    await expect(publisher.publish([{ event }])).rejects.toThrow(/call connect\(\) before publish\(\)/);
  });

  it('sends nothing for an empty list', async () => {
    const fake = fakeKafka();
    const publisher = new AgencyOutboundPublisher(settings, fake.kafka);
    await publisher.connect();
    await publisher.publish([]);
    expect(fake.sent).toEqual([]);
  });

  it('refuses an agency id that cannot name a topic', () => {
    expect(() => new AgencyOutboundPublisher({ ...settings, agencyId: 'a.b' }, fakeKafka().kafka)).toThrow(/must match/);
  });
});

describe('outboundKey', () => {
  it('keys by record id, then subject, then event id, unless a key is given', () => {
    expect(outboundKey({ event: { ...event, recordid: 'r1', subject: 'sub_1' } })).toBe('r1');
    expect(outboundKey({ event: { ...event, subject: 'sub_1' } })).toBe('sub_1');
    expect(outboundKey({ event })).toBe(event.id);
    expect(outboundKey({ event: { ...event, recordid: 'r1' }, key: 'k' })).toBe('k');
  });
});
