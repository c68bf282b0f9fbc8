import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KafkaClient } from '@hub/messaging';
import { startTracing } from '@hub/observability';
import { AgencyOutboundPublisher, outboundKey } from './agency-outbound-publisher.js';

const settings = {
  agencyId: 'bureau-310000',
  brokers: ['127.0.0.1:1'],
  security: { sasl: { mechanism: 'scram-sha-512' as const, username: 'bureau-310000', password: 'p' }, ssl: { ca: [] } },
};

/** A Kafka client whose producer records what it was made with and sent; its first `failures` sends fail. */
function fakeKafka(failures = 0) {
  const made: unknown[] = [];
  const sent: { topic: string; acks?: number; messages: { key: string; value: string; headers?: Record<string, string> }[] }[] = [];
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

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const eventTrace = '0af7651916cd43dd8448eb211c80319c';
const traced = { ...event, id: '0b9f3c52-2c1e-4c55-9d4e-8d6f1d1c0a02', traceparent: `00-${eventTrace}-b7ad6b7169203331-01` };

describe('AgencyOutboundPublisher with tracing off', () => {
  it('passes on a child of the event’s own traceparent and sends no header for an event without a valid one', async () => {
    const fake = fakeKafka();
    const publisher = new AgencyOutboundPublisher(settings, fake.kafka);
    await publisher.connect();
    await publisher.publish([{ event }, { event: traced }, { event: { ...event, traceparent: 'not-a-trace' } }]);
    const [plain, child, invalid] = fake.sent[0]?.messages ?? [];
    expect(plain?.headers).toBeUndefined();
    expect(invalid?.headers).toBeUndefined();
    const [, traceId, spanId] = TRACEPARENT.exec(child?.headers?.['traceparent'] ?? '') ?? [];
    expect(traceId).toBe(eventTrace);
    expect(spanId).not.toBe('b7ad6b7169203331');
  });
});

/** One span as an OTLP/HTTP JSON export carries it. */
interface ExportedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  status?: { code?: number };
}

describe('AgencyOutboundPublisher with tracing on', () => {
  const exported: ExportedSpan[] = [];
  const collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans?: { scopeSpans?: { spans?: ExportedSpan[] }[] }[];
      };
      for (const resource of body.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) exported.push(...(scope.spans ?? []));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let tracing: { shutdown: () => Promise<void> } | undefined;
  const sentHeaders: string[] = [];
  const failedHeaders: string[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    tracing = startTracing('agency-outbound-publisher-spec', `http://127.0.0.1:${(collector.address() as AddressInfo).port}`);
    const fake = fakeKafka();
    const publisher = new AgencyOutboundPublisher(settings, fake.kafka);
    await publisher.connect();
    await publisher.publish([{ event }, { event: { ...event, id: '0b9f3c52-2c1e-4c55-9d4e-8d6f1d1c0a03' } }, { event: traced }]);
    sentHeaders.push(...(fake.sent[0]?.messages.map((message) => message.headers?.['traceparent'] ?? '') ?? []));
    const gone = fakeKafka(Number.POSITIVE_INFINITY);
    const failing = new AgencyOutboundPublisher(settings, gone.kafka);
    await failing.connect();
    await expect(failing.publish([{ event }])).rejects.toThrow('broker gone');
    failedHeaders.push(gone.sent[0]?.messages[0]?.headers?.['traceparent'] ?? '');
    // Shutting down exports every span ended so far.
    await tracing.shutdown();
    tracing = undefined;
  }, 30_000);
  afterAll(async () => {
    await tracing?.shutdown();
    await new Promise((resolve) => collector.close(resolve));
  });

  it('sends each record with the traceparent of its own producer span: a new trace, or the event’s', () => {
    const parsed = sentHeaders.map((header) => TRACEPARENT.exec(header));
    expect(parsed.every((match) => match !== null)).toBe(true);
    const [first, second, third] = parsed.map((match) => ({ traceId: match?.[1] ?? '', spanId: match?.[2] ?? '' }));
    expect(first?.traceId).not.toBe(second?.traceId);
    expect(third?.traceId).toBe(eventTrace);
    for (const header of [first, second, third]) {
      expect(exported).toContainEqual(
        expect.objectContaining({
          name: 'send agency.bureau-310000.outbound',
          kind: 4,
          traceId: header?.traceId,
          spanId: header?.spanId,
        }),
      );
    }
    expect(exported.find((span) => span.spanId === third?.spanId)?.parentSpanId).toBe('b7ad6b7169203331');
  });

  it('ends a record’s span as failed when the publisher gives up on it', () => {
    const [, traceId, spanId] = TRACEPARENT.exec(failedHeaders[0] ?? '') ?? [];
    expect(exported.find((span) => span.traceId === traceId && span.spanId === spanId)?.status?.code).toBe(2);
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
