import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ConsumedRecord } from '@hub/messaging';
import type { Route, Withheld } from '../../routing/index.js';
import { routeRecords } from './route-records.js';

const AT = { topic: 'hub.internal.dispatch', partition: 2 };
const record = (offset: number, value: unknown): ConsumedRecord =>
  ({
    offset: String(offset),
    timestamp: '1700000000000',
    key: null,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
  }) as ConsumedRecord;
const event = (id = randomUUID()) => ({ id, type: 'work-permit.issued', subject: 'sub_1', data: {} });
const oneRoute = () => ({ routes: [{} as Route], withheld: [] as Withheld[] });

describe('routing dispatch-stream records', () => {
  it('routes each event once: a second copy of a record (the relay writes at least once) is dropped', () => {
    const first = event();
    const second = event();
    const parked: string[] = [];
    const routed = routeRecords(AT, [record(14, first), record(15, first), record(16, second)], oneRoute, (code, offset) =>
      parked.push(`${code}@${offset}`),
    );
    expect(routed.routed.map((entry) => entry.eventId)).toEqual([first.id, second.id]);
    expect(routed.deadLetters).toEqual([]);
    expect(parked).toEqual([]);
  });

  it('dead-letters what is not an event, and what cannot be routed, and parks a routed event later on request', () => {
    const failing = event();
    const fine = event();
    const routed = routeRecords(
      AT,
      [record(1, 'not json'), record(2, { id: 'x' }), record(3, failing), record(4, fine)],
      (candidate) => {
        if (candidate.id === failing.id) throw new Error('projection failed');
        return oneRoute();
      },
      () => undefined,
    );
    routed.park(fine.id, 'EVENT_NOT_STORED', new Error('not stored'));
    expect(routed.deadLetters.map((entry) => [entry.offset, entry.errorCode])).toEqual([
      ['1', 'NOT_AN_EVENT'],
      ['2', 'NOT_AN_EVENT'],
      ['3', 'ROUTING_FAILED'],
      ['4', 'EVENT_NOT_STORED'],
    ]);
    expect(routed.deadLetters[0]).toMatchObject({ topic: AT.topic, partition: 2, payload: 'not json' });
  });
});
