import { describe, expect, it } from '@jest/globals';
import {
  adapterDeadLetterId,
  matchesQuery,
  mergePage,
  newestFirst,
  parseAdapterDeadLetterId,
  toConsoleDeadLetter,
} from './adapter-dead-letter-items.js';
import type { ConsoleDeadLetter } from './console-dead-letter.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const letter = (id: string, minute: number): ConsoleDeadLetter => ({
  id,
  source: id.startsWith('adapter:') ? 'adapter' : 'kafka',
  adapter: null,
  subscriptionId: null,
  agency: null,
  eventId: null,
  eventType: null,
  correlationId: null,
  attempts: 1,
  lastError: null,
  deadAt: at(minute),
  headers: {},
});

describe('adapters’ dead letters in the console', () => {
  it('tags an adapter’s dead letter with the adapter and reads event, correlation and subscription from its headers', () => {
    const item = toConsoleDeadLetter('psb-310000', {
      id: 7,
      topic: 'agency.psb-310000.inbound',
      partition: 0,
      offset: '12',
      errorCode: 'INVALID_RECORD',
      errorMessage: 'data.validTo: must be a date',
      createdAt: '2026-01-01T08:00:00.5+08:00',
      headers: { ce_id: 'e-1', ce_type: 'work-permit.issued', 'hub-correlation-id': 'c-1', 'hub-subscription-id': 's-1' },
    });
    expect(item).toMatchObject({
      id: 'adapter:psb-310000:7',
      source: 'adapter',
      adapter: 'psb-310000',
      agency: 'psb-310000',
      eventId: 'e-1',
      eventType: 'work-permit.issued',
      correlationId: 'c-1',
      subscriptionId: 's-1',
      lastError: 'INVALID_RECORD: data.validTo: must be a date',
      deadAt: '2026-01-01T00:00:00.500Z',
    });
    expect(parseAdapterDeadLetterId(adapterDeadLetterId('bureau-110000', 42))).toEqual({ adapter: 'bureau-110000', id: 42 });
    for (const other of ['kafka-1', 'adapter:psb:x', 'adapter::1', '3f0e…']) expect(parseAdapterDeadLetterId(other)).toBeUndefined();
    expect(matchesQuery(item, { correlationId: 'c-1', eventType: 'work-permit.issued', agency: 'psb-310000' })).toBe(true);
    expect(matchesQuery(item, { header: { name: 'ce_id', value: 'e-1' }, q: 'VALIDTO' })).toBe(true);
    expect(matchesQuery(item, { ids: ['adapter:psb-310000:7'] })).toBe(true);
    for (const query of [{ correlationId: 'c-2' }, { agency: 'psb-110000' }, { q: 'nothing like it' }, { ids: ['kafka-7'] }])
      expect(matchesQuery(item, query)).toBe(false);
  });

  it('merges the hub’s page window with the adapters’ dead letters exactly as one list sorted newest first would page', () => {
    // The hub's own at even minutes 0–38, the adapters' at odd minutes 1–9 and 51–55.
    const hub = Array.from({ length: 20 }, (_, n) => letter(`kafka-${n}`, n * 2)).sort(newestFirst);
    const adapters = [1, 3, 5, 7, 9, 51, 53, 55].map((minute) => letter(`adapter:psb-310000:${minute}`, minute));
    const whole = [...hub, ...adapters].sort(newestFirst);
    for (const pageSize of [3, 5, 7]) {
      for (let page = 1; (page - 1) * pageSize < whole.length + pageSize; page += 1) {
        const offset = (page - 1) * pageSize;
        let start = Math.max(0, offset - adapters.length);
        let window = hub.slice(start, offset + pageSize);
        if (window.length === 0 && start > 0) {
          start = 0;
          window = hub.slice(0, offset + pageSize);
        }
        expect({ pageSize, page, ids: mergePage(window, start, adapters, { page, pageSize }).map((one) => one.id) }).toEqual({
          pageSize,
          page,
          ids: whole.slice(offset, offset + pageSize).map((one) => one.id),
        });
      }
    }
  });
});
