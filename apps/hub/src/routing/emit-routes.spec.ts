import { describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { toDeliveries, type Emission } from './emit-routes.js';
import type { Route } from './route-event.js';

const route = (subscriptionId: string, channels: { kafka: boolean; webhook: { url: string } | null }): Route =>
  ({
    subscription: { id: subscriptionId, channels },
    agency: { id: 'psb-310000' },
    contractVersion: 2,
    message: { id: 'e1', type: 'work-permit.issued', subject: 'sub_1', data: {} },
  }) as unknown as Route;
const emission = (r: Route, eventId: string, webhookQueue = r.subscription.id): Emission => ({
  route: r,
  event: { eventId, subject: 'sub_1', correlationId: 'corr-1', traceparent: '00-aa-bb-01' },
  headers: { [INBOUND_HEADERS.sequence]: '7' },
  webhookQueue,
});

describe('turning routed events into deliveries', () => {
  it('sends each emission on the channels its subscription has, in emission order', () => {
    const kafkaOnly = route('s-kafka', { kafka: true, webhook: null });
    const both = route('s-both', { kafka: true, webhook: { url: 'https://agency.example/hook' } });
    const hookOnly = route('s-hook', { kafka: false, webhook: { url: 'https://other.example/hook' } });
    const { outbox, webhooks } = toDeliveries([emission(kafkaOnly, 'e1'), emission(both, 'e2'), emission(hookOnly, 'e3')]);
    expect(outbox.map((entry) => entry.eventId)).toEqual(['e1', 'e2']);
    expect(webhooks.map((entry) => [entry.eventId, entry.endpoint])).toEqual([
      ['e2', 'https://agency.example/hook'],
      ['e3', 'https://other.example/hook'],
    ]);
  });

  it("keys the Kafka record by subject for the agency's inbound topic, with the trace, subscription and extra headers", () => {
    const [record] = toDeliveries([emission(route('s-1', { kafka: true, webhook: null }), 'e1')]).outbox;
    expect(record).toMatchObject({ eventId: 'e1', topic: 'agency.psb-310000.inbound', key: 'sub_1' });
    expect(record?.headers).toMatchObject({
      [KAFKA_HEADERS.eventId]: 'e1',
      [KAFKA_HEADERS.eventType]: 'work-permit.issued',
      [KAFKA_HEADERS.contractVersion]: '2',
      [KAFKA_HEADERS.correlationId]: 'corr-1',
      [KAFKA_HEADERS.traceparent]: '00-aa-bb-01',
      [INBOUND_HEADERS.subscriptionId]: 's-1',
      [INBOUND_HEADERS.sequence]: '7',
    });
  });

  it('queues a webhook in the queue the emission names (a replay has its own)', () => {
    const [webhook] = toDeliveries([
      emission(route('s-1', { kafka: false, webhook: { url: 'https://a.example/h' } }), 'e1', 's-1:replay:r1'),
    ]).webhooks;
    expect(webhook).toMatchObject({
      subscriptionId: 's-1:replay:r1',
      agencyId: 'psb-310000',
      eventType: 'work-permit.issued',
      subjectId: 'sub_1',
    });
  });
});
