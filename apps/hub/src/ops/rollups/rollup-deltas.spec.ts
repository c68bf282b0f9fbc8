import { describe, expect, it } from '@jest/globals';
import { rollupDeltas, type CounterValues } from './rollup-deltas.js';

const accepted = (value: number, agency = 'bureau-310000'): CounterValues['values'][number] => ({
  labels: { agency, event_type: 'work-permit.issued', app: 'hub' },
  value,
});

describe('rollupDeltas', () => {
  it('turns counter values into increments since the last write, grouped by the rolled-up labels', () => {
    const counters = new Map<string, CounterValues>([
      ['hub_events_accepted_total', { values: [accepted(5), accepted(2, 'bureau-110000')] }],
      [
        'messaging_client_sent_messages_total',
        {
          values: [
            { labels: { messaging_destination_name: 'work-permit', error_type: '', messaging_system: 'kafka' }, value: 7 },
            { labels: { messaging_destination_name: 'work-permit', error_type: 'KafkaJSError', messaging_system: 'kafka' }, value: 3 },
          ],
        },
      ],
    ]);
    const first = rollupDeltas((name) => counters.get(name), new Map());
    expect(first.rows).toEqual(
      expect.arrayContaining([
        {
          series: 'events_accepted',
          labels: { domain: 'work-permit', agency: 'bureau-310000', event_type: 'work-permit.issued' },
          value: 5,
        },
        {
          series: 'events_accepted',
          labels: { domain: 'work-permit', agency: 'bureau-110000', event_type: 'work-permit.issued' },
          value: 2,
        },
        { series: 'records_relayed', labels: { topic: 'work-permit' }, value: 7 },
      ]),
    );
    expect(first.rows).toHaveLength(3);

    counters.set('hub_events_accepted_total', { values: [accepted(8), accepted(2, 'bureau-110000')] });
    const second = rollupDeltas((name) => counters.get(name), first.seen);
    expect(second.rows).toEqual([
      { series: 'events_accepted', labels: { domain: 'work-permit', agency: 'bureau-310000', event_type: 'work-permit.issued' }, value: 3 },
    ]);
    // Nothing new: nothing to write.
    expect(rollupDeltas((name) => counters.get(name), second.seen).rows).toEqual([]);
  });

  it('keeps what a failed write did not store: the next deltas still include it', () => {
    const counters = new Map<string, CounterValues>([['hub_events_accepted_total', { values: [accepted(4)] }]]);
    const last = new Map<string, number>();
    rollupDeltas((name) => counters.get(name), last);
    counters.set('hub_events_accepted_total', { values: [accepted(6)] });
    expect(rollupDeltas((name) => counters.get(name), last).rows.map((row) => row.value)).toEqual([6]);
  });
});
