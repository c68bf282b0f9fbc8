import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ConsumedRecord, DeadLetterEntry } from '@hub/messaging';
import { dispatchRecords, type DispatchRecordsDependencies } from './dispatch-records.js';
import type { RoutedEvent } from './number-deliveries.js';
import type { Agency } from '../../agencies/index.js';
import type { CompiledPolicy } from '../../policy/index.js';
import type { Subscription } from '../../subscriptions/index.js';

const AT = { topic: 'hub.internal.dispatch', partition: 0 };
const record = (offset: number, value: unknown, timestamp = 1_700_000_000_000): ConsumedRecord =>
  ({
    offset: String(offset),
    timestamp: String(timestamp),
    key: null,
    value: Buffer.from(JSON.stringify(value)),
    headers: {},
  }) as ConsumedRecord;
const event = (id = randomUUID()) => ({ id, type: 'work-permit.issued', contractversion: 1, subject: 'sub_1', data: {} });
const subscription = (id: string, agency: string, kafka: boolean): Subscription =>
  ({
    id,
    agency,
    eventTypes: [{ type: 'work-permit.issued', version: 1 }],
    filters: {},
    channels: { kafka, webhook: kafka ? null : { url: 'https://agency.example/hook' } },
    purpose: 'employment',
    status: 'active',
    createdAt: '2020-01-01T00:00:00Z',
  }) as unknown as Subscription;
const policy = {
  version: 1,
  maySubscribe: () => ({ allowed: true, purpose: 'employment' }),
  projectionFor: () => ({ name: 'full', fields: ['*'], rawIdentifiers: true }),
} as unknown as CompiledPolicy;

/** Fakes that remember what the dispatch did, in order. */
function fakes(subscriptions: Subscription[], stored: (id: string) => boolean) {
  const calls: string[] = [];
  const recorded: { deliverable: readonly RoutedEvent[]; deadLetters: readonly DeadLetterEntry[] }[] = [];
  const deps: DispatchRecordsDependencies = {
    subscriptionsAsOf: (relayedAt) => (calls.push(`subscriptionsAsOf ${relayedAt}`), Promise.resolve(subscriptions)),
    agencyOf: (id) => ({ id, kind: 'psb', status: 'active' }) as Agency,
    policy: () => policy,
    storedEventIds: (ids) => Promise.resolve(new Set(ids.filter(stored))),
    ensureInboundTopics: (topics) => (calls.push(`ensure ${topics.join(',')}`), Promise.resolve()),
    record: (deliverable, deadLetters) => (calls.push('record'), recorded.push({ deliverable, deadLetters }), Promise.resolve()),
    onDeadLetter: (code, offset) => void calls.push(`dead-letter ${code}@${offset}`),
  };
  return { deps, calls, recorded };
}

describe('dispatching records', () => {
  it("reads the subscriptions as of the newest record, makes the Kafka subscribers' topics, then records the stored events", async () => {
    const stored = event();
    const { deps, calls, recorded } = fakes([subscription('s-1', 'psb-310000', true), subscription('s-2', 'mfa', false)], () => true);
    await dispatchRecords(AT, [record(1, stored, 1_700_000_001_000), record(2, event(), 1_700_000_003_000)], deps);
    expect(calls).toEqual(['subscriptionsAsOf 1700000003000', 'ensure agency.psb-310000.inbound', 'record']);
    expect(recorded[0]?.deliverable[0]?.eventId).toBe(stored.id);
    expect(recorded[0]?.deliverable[0]?.routes.map((route) => route.subscription.id)).toEqual(['s-1', 's-2']);
  });

  it('parks, in the same transaction, a record whose event the store does not hold, and one that is not an event', async () => {
    const missing = event();
    const { deps, calls, recorded } = fakes([subscription('s-1', 'psb-310000', true)], (id) => id !== missing.id);
    await dispatchRecords(AT, [record(5, missing), record(6, 'not an envelope')], deps);
    expect(calls).toEqual([
      'subscriptionsAsOf 1700000000000',
      'dead-letter NOT_AN_EVENT@6',
      'dead-letter EVENT_NOT_STORED@5',
      'ensure ',
      'record',
    ]);
    expect(recorded[0]?.deliverable).toEqual([]);
    expect(recorded[0]?.deadLetters.map((entry) => [entry.offset, entry.errorCode])).toEqual([
      ['6', 'NOT_AN_EVENT'],
      ['5', 'EVENT_NOT_STORED'],
    ]);
  });

  it('records nothing when no subscription takes the events', async () => {
    const { deps, calls } = fakes([], () => true);
    await dispatchRecords(AT, [record(1, event())], deps);
    expect(calls).toEqual(['subscriptionsAsOf 1700000000000', 'ensure ']);
  });
});
