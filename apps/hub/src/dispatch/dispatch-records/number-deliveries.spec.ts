import { describe, expect, it } from '@jest/globals';
import type { Route } from '../../routing/index.js';
import { dispatchedAudit, EVENTS_PER_AUDIT_ROW, numberWork, orderWork, type RoutedEvent } from './number-deliveries.js';

const route = (subscriptionId: string): Route =>
  ({
    subscription: { id: subscriptionId, channels: { kafka: true, webhook: null } },
    agency: { id: `agency-of-${subscriptionId}` },
    purpose: 'employment',
    projection: 'full',
    policyVersion: 3,
  }) as unknown as Route;
const event = (eventId: string, ...subscriptions: string[]): RoutedEvent => ({
  eventId,
  subject: 'sub_1',
  correlationId: 'c',
  traceparent: 't',
  routes: subscriptions.map(route),
  withheld: [],
});

describe('numbering deliveries', () => {
  it("orders the routings by subscription and, within one, in the events' order, each event once", () => {
    const work = orderWork([event('e1', 's-b', 's-a'), event('e2', 's-a'), event('e1', 's-a'), event('e3', 's-b')]);
    expect(work.map((w) => `${w.route.subscription.id}/${w.event.eventId}`)).toEqual(['s-a/e1', 's-a/e2', 's-b/e1', 's-b/e3']);
    expect(work[0]?.channels).toEqual(['kafka']);
  });

  it('keeps only the routings given a number now: the others the subscription already had', () => {
    const work = orderWork([event('e1', 's-a'), event('e2', 's-a')]);
    const numbered = numberWork(work, new Map([['s-a/e2', 8]]));
    expect(numbered.map((w) => [w.event.eventId, w.sequence])).toEqual([['e2', 8]]);
  });

  it('audits consecutive deliveries of one subscription in shared rows, at most EVENTS_PER_AUDIT_ROW each', () => {
    const many = Array.from({ length: EVENTS_PER_AUDIT_ROW + 1 }, (_, i) => event(`e${i}`, 's-a'));
    const work = orderWork([...many, event('x', 's-b')]);
    const numbered = numberWork(work, new Map(work.map((w) => [`${w.route.subscription.id}/${w.event.eventId}`, w.order + 1])));
    const rows = dispatchedAudit(numbered);
    expect(rows.map((row) => [row.detail?.subscriptionId, row.detail?.fromSequence, row.detail?.toSequence, row.eventId])).toEqual([
      ['s-a', 1, EVENTS_PER_AUDIT_ROW, undefined],
      ['s-a', EVENTS_PER_AUDIT_ROW + 1, EVENTS_PER_AUDIT_ROW + 1, `e${EVENTS_PER_AUDIT_ROW}`],
      ['s-b', EVENTS_PER_AUDIT_ROW + 2, EVENTS_PER_AUDIT_ROW + 2, 'x'],
    ]);
    expect(rows[0]).toMatchObject({ actor: 'system:dispatcher', action: 'event.dispatched', purpose: 'employment' });
    expect(rows[0]?.detail).toMatchObject({ channels: 'kafka', projection: 'full', policyVersion: 3, agency: 'agency-of-s-a' });
  });
});
