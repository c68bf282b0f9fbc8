import { describe, expect, it } from '@jest/globals';
import { HubError, ValidationFailedError } from '@hub/contracts';
import type { BodyRefusal } from '@hub/http';
import type { PublishEventsResult } from '../../events/index.js';
import { ingestRecords, type IngestSteps, type OutboundMessage } from './ingest-records.js';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const record = (offset: number, value: unknown): OutboundMessage => ({
  offset: String(offset),
  value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
});
const good = (n: number) => ({ id: id(n), good: true });
const bad = (n: number) => ({ id: id(n), good: false });
const limits = { maxRecordBytes: 1024, maxEventsPerCall: 100, maxUnexpectedFailures: 3 };
const at = new Date('2026-12-04T20:00:00Z');

/** A publish path that refuses any call holding a bad event, and records its calls. */
function fakeSteps(options: { failWith?: Error } = {}) {
  const calls: { ids: string[]; auditRefusal: boolean }[] = [];
  /** The offsets of the records each call's events were read from. */
  const callOffsets: string[][] = [];
  const refusedRecords: BodyRefusal[] = [];
  const unexpected = new Map<string, number>();
  const steps: IngestSteps = {
    publish: (events, records, auditRefusal) => {
      const list = events as { id: string; good: boolean; heldIn?: string }[];
      calls.push({ ids: list.map((e) => e.id), auditRefusal });
      callOffsets.push(records.map((r) => r.offset));
      if (options.failWith !== undefined) return Promise.reject(options.failWith);
      if (list.some((e) => !e.good)) {
        return Promise.reject(new ValidationFailedError([{ path: 'data.holder.passportNo', rule: 'matches', message: 'bad passport' }]));
      }
      const result: PublishEventsResult = {
        events: list.map((e) =>
          e.heldIn === undefined
            ? { id: e.id, status: 'accepted', correlationId: 'c' }
            : { id: e.id, status: 'held', correlationId: 'c', conflictId: e.heldIn },
        ),
      };
      return Promise.resolve(result);
    },
    refuseRecord: (refusal) => Promise.resolve(void refusedRecords.push(refusal)),
    failedUnexpectedly: (message) => {
      unexpected.set(message.offset, (unexpected.get(message.offset) ?? 0) + 1);
      return unexpected.get(message.offset) ?? 0;
    },
    now: () => at,
  };
  return { steps, calls, callOffsets, refusedRecords };
}

describe('ingestRecords', () => {
  it('publishes a run of good events in one call and answers each accepted', async () => {
    const fake = fakeSteps();
    const progress = await ingestRecords(3, [record(10, good(1)), record(11, good(2))], fake.steps, limits);
    expect(fake.calls).toEqual([{ ids: [id(1), id(2)], auditRefusal: false }]);
    // Each event with the record it came in (its headers: the trace it continues).
    expect(fake.callOffsets).toEqual([['10', '11']]);
    expect(progress).toEqual({
      outcomes: [
        { eventId: id(1), status: 'accepted', outboundOffset: { partition: 3, offset: '10' }, at: at.toISOString() },
        { eventId: id(2), status: 'accepted', outboundOffset: { partition: 3, offset: '11' }, at: at.toISOString() },
      ],
      held: new Map(),
    });
  });

  it('answers a change to a record another agency holds held, and keeps its conflict by outbound offset', async () => {
    const fake = fakeSteps();
    const conflictId = '0b7e3f5c-1d2a-4c8e-9f00-5a6b7c8d9e01';
    const progress = await ingestRecords(2, [record(20, good(1)), record(21, { ...good(2), heldIn: conflictId })], fake.steps, limits);
    expect(progress.outcomes.map((o) => [o.eventId, o.status, o.outboundOffset.offset])).toEqual([
      [id(1), 'accepted', '20'],
      [id(2), 'held', '21'],
    ]);
    expect(progress.held).toEqual(new Map([['21', conflictId]]));
  });

  it('refuses only the bad event of a run, with path, rule and Chinese message, and accepts the others', async () => {
    const fake = fakeSteps();
    const progress = await ingestRecords(0, [record(1, good(1)), record(2, bad(2)), record(3, good(3))], fake.steps, limits);
    expect(fake.calls.map((c) => c.ids.length)).toEqual([3, 1, 1, 1]);
    expect(fake.callOffsets).toEqual([['1', '2', '3'], ['1'], ['2'], ['3']]);
    expect(fake.calls.slice(1).every((c) => c.auditRefusal)).toBe(true);
    expect(progress.outcomes.map((o) => [o.eventId, o.status])).toEqual([
      [id(1), 'accepted'],
      [id(2), 'refused'],
      [id(3), 'accepted'],
    ]);
    expect(progress.outcomes[1]?.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      messageZh: expect.any(String) as unknown,
      issues: [
        { path: 'data.holder.passportNo', rule: 'matches', message: 'bad passport', messageZh: 'data.holder.passportNo 格式不正确' },
      ],
    });
  });

  it('refuses records that are not JSON, empty or too large without stopping the partition, and records them for the audit', async () => {
    const fake = fakeSteps();
    const progress = await ingestRecords(
      0,
      [record(1, '{"id": '), record(2, null), record(3, 'x'.repeat(2000)), record(4, '{"a":1,"a":2}'), record(5, good(5))],
      fake.steps,
      limits,
    );
    expect(progress.outcomes.map((o) => [o.eventId, o.status, o.error?.code, o.error?.status])).toEqual([
      [null, 'refused', 'MALFORMED_JSON', 400],
      [null, 'refused', 'MALFORMED_JSON', 400],
      [null, 'refused', 'PAYLOAD_TOO_LARGE', 413],
      [null, 'refused', 'VALIDATION_FAILED', 400],
      [id(5), 'accepted', undefined, undefined],
    ]);
    expect(progress.outcomes[3]?.error?.issues?.[0]).toMatchObject({ path: 'a', rule: 'uniqueMemberName' });
    expect(fake.refusedRecords.map((r) => r.code)).toEqual(['MALFORMED_JSON', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED']);
  });

  it('stops at a retriable failure without refusing anything, so the records are read again', async () => {
    const unavailable = new HubError('STORE_UNAVAILABLE', 'database away', { retriable: true });
    const fake = fakeSteps({ failWith: unavailable });
    const progress = await ingestRecords(0, [record(1, '{'), record(2, good(2)), record(3, good(3))], fake.steps, limits);
    expect(progress.outcomes.map((o) => o.outboundOffset.offset)).toEqual(['1']);
    expect(progress.retry).toBe(unavailable);
  });

  it('tries a record that fails unexpectedly again, and refuses it as INTERNAL once it has failed maxUnexpectedFailures times', async () => {
    const fake = fakeSteps({ failWith: new TypeError('a fault of the hub') });
    const records = [record(1, good(1)), record(2, good(2))];
    for (let round = 1; round < limits.maxUnexpectedFailures; round += 1) {
      const progress = await ingestRecords(0, records, fake.steps, limits);
      expect(progress.outcomes).toEqual([]);
      expect(progress.retry).toBeInstanceOf(TypeError);
    }
    const last = await ingestRecords(0, records, fake.steps, limits);
    expect(last.outcomes[0]).toMatchObject({ eventId: id(1), status: 'refused', error: { code: 'INTERNAL', status: 500 } });
    expect(last.retry).toBeInstanceOf(TypeError);
  });

  it('goes one event at a time when a run is over the rate limit, and stops (without refusing) where the limit holds', async () => {
    const fake = fakeSteps();
    const steps: IngestSteps = {
      ...fake.steps,
      publish: (events, records, auditRefusal) =>
        events.length > 1 || records[0]?.offset === '3'
          ? Promise.reject(new HubError('RATE_LIMITED', 'slow down', { retriable: true }))
          : fake.steps.publish(events, records, auditRefusal),
    };
    const progress = await ingestRecords(
      0,
      [1, 2, 3, 4].map((n) => record(n, good(n))),
      steps,
      limits,
    );
    expect(progress.outcomes.map((o) => [o.outboundOffset.offset, o.status])).toEqual([
      ['1', 'accepted'],
      ['2', 'accepted'],
    ]);
    expect(progress.retry).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('answers an event whose id is no UUID with a null event id', async () => {
    const fake = fakeSteps();
    const progress = await ingestRecords(0, [record(1, { id: 'nope', good: false })], fake.steps, limits);
    expect(progress.outcomes[0]).toMatchObject({ eventId: null, status: 'refused' });
  });

  it('hands at most maxEventsPerCall events to one call', async () => {
    const fake = fakeSteps();
    await ingestRecords(
      0,
      [1, 2, 3, 4, 5].map((n) => record(n, good(n))),
      fake.steps,
      { ...limits, maxEventsPerCall: 2 },
    );
    expect(fake.calls.map((c) => c.ids.length)).toEqual([2, 2, 1]);
  });
});
