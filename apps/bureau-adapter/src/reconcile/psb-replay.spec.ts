import { describe, expect, it } from '@jest/globals';
import { psbReplayOf } from './psb-replay.js';
import type { Queryable } from './read-bureau-records.js';
import { hubSummaryOf, psbDifferenceCount, type ReconciliationSummary } from './reconciliation.js';
import type { RecordDifference } from './record-differences.js';

/** The adapter's record of what it published: the events of each record, with when. */
function storeWith(events: readonly { event_id: string; record_id: string; published_at: Date }[]): Queryable {
  return {
    query: <T>(_sql: string, parameters?: unknown[]): Promise<T> => {
      const ids = (parameters?.[0] ?? []) as string[];
      return Promise.resolve(events.filter((e) => ids.includes(e.record_id)) as T);
    },
  };
}

const place = { region: '310115', month: '2026-01' };
const missingAtPsb: RecordDifference = { kind: 'missingAtPsb', recordId: 'fwp.permit:3', ...place, bureauVersion: 1 };
const olderAtPsb: RecordDifference = {
  kind: 'differentAtPsb',
  recordId: 'fwp.permit:2',
  ...place,
  bureauVersion: 3,
  psbVersion: 2,
  reason: 'psb-older',
};
const events = [
  { event_id: 'b0000000-0000-4000-8000-000000000002', record_id: 'fwp.permit:2', published_at: new Date('2026-12-01T02:00:00Z') },
  { event_id: 'b0000000-0000-4000-8000-000000000003', record_id: 'fwp.permit:3', published_at: new Date('2026-12-02T02:00:00Z') },
];

describe('the replay public security is told to run', () => {
  it('replays from just before the first publish of the records it lacks or holds older, naming their events', async () => {
    const replay = await psbReplayOf(storeWith(events), [missingAtPsb, olderAtPsb]);
    expect(replay).toMatchObject({
      records: ['fwp.permit:3', 'fwp.permit:2'],
      request: 'POST /v1/subscriptions/{subscriptionId}/replays',
      body: { fromTime: '2026-12-01T01:50:00.000Z' },
      eventIds: events.map((e) => e.event_id),
    });
  });

  it('replays from sequence 1 when the adapter has no record of publishing one of them', async () => {
    expect((await psbReplayOf(storeWith(events.slice(1)), [missingAtPsb, olderAtPsb]))?.body).toEqual({ fromSequence: 1 });
  });

  it('asks for nothing for a newer or extra copy, nor for what the hub itself lacks (republishing reaches public security)', async () => {
    const newer: RecordDifference = { ...olderAtPsb, psbVersion: 4, reason: 'psb-newer' };
    const extra: RecordDifference = { kind: 'extraAtPsb', recordId: 'fwp.permit:9', ...place, psbVersion: 1 };
    const hubLacks: RecordDifference = { kind: 'missing', recordId: 'fwp.permit:3', ...place, bureauVersion: 1 };
    expect(await psbReplayOf(storeWith(events), [newer, extra, hubLacks, missingAtPsb])).toBeUndefined();
  });
});

describe('the summary with public security’s comparison', () => {
  const base = {
    id: 'a0000000-0000-4000-8000-000000000001',
    domain: 'work-permit',
    outcome: 'differences',
    trigger: 'command',
    startedAt: '2026-12-05T00:00:00.000Z',
    finishedAt: '2026-12-05T00:00:01.000Z',
    agencyRecords: 3,
    hubRecords: 3,
    buckets: 1,
    differingBuckets: 0,
    missing: 0,
    extra: 0,
    different: 0,
    repaired: 0,
    remaining: 0,
  } as const satisfies ReconciliationSummary;
  const psb = { psbRecords: 2, buckets: 1, differingBuckets: 1, missingAtPsb: 1, differentAtPsb: 1, extraAtPsb: 0 };

  it('goes to the hub with its counts or its error, without the replay advice for public security', () => {
    const replay = {
      records: ['BR-1', 'BR-2'],
      request: 'POST /v1/subscriptions/{subscriptionId}/replays',
      body: { fromTime: '2026-11-01T00:00:00.000Z' },
      eventIds: [],
      note: 'replay',
    } as const;
    expect(hubSummaryOf({ ...base, psb: { ...psb, replay } })).toEqual({ ...base, psb });
    expect(hubSummaryOf({ ...base, psb: { error: 'the adapter answered 503' } })).toEqual({
      ...base,
      psb: { error: 'the adapter answered 503' },
    });
    expect(hubSummaryOf(base)).toEqual(base);
  });

  it('counts its differences, none without it, and undefined when it could not be compared', () => {
    expect(psbDifferenceCount({ ...base, psb })).toBe(2);
    expect(psbDifferenceCount(base)).toBe(0);
    expect(psbDifferenceCount({ ...base, psb: { error: 'unreachable' } })).toBeUndefined();
  });
});
