import { describe, expect, it } from '@jest/globals';
import { HubError } from '@hub/contracts';
import { Metrics } from '@hub/observability';
import { parsePrometheusText, sumOf } from '@hub/testing';
import { PublishMetrics } from './publish-metrics.js';

describe('PublishMetrics', () => {
  it('labels refusals with catalogue types only, and a refused body once as unknown', async () => {
    const metrics = new Metrics('hub');
    const publish = new PublishMetrics(metrics);
    publish.countAccepted('bureau-310000', ['work-permit.issued', 'work-permit.issued']);
    const refused = new HubError('VALIDATION_FAILED', 'bad');
    publish.countRefused('bureau-310000', refused, ['work-permit.issued', `made-up.${'x'.repeat(200)}`, 42]);
    publish.countRefused('unauthenticated', new HubError('BODY_TOO_LARGE', 'too large'), []);
    publish.countRefused('bureau-310000', new Error('boom'), ['work-permit.issued']);
    const samples = parsePrometheusText(await metrics.expose());
    expect(sumOf(samples, 'hub_events_accepted_total', { agency: 'bureau-310000', event_type: 'work-permit.issued' })).toBe(2);
    const refusals = samples
      .filter((sample) => sample.name === 'hub_events_refused_total')
      .map((sample) => [sample.labels['agency'], sample.labels['event_type'], sample.labels['code'], sample.value]);
    expect(refusals).toEqual(
      expect.arrayContaining([
        ['bureau-310000', 'work-permit.issued', 'VALIDATION_FAILED', 1],
        ['bureau-310000', 'unknown', 'VALIDATION_FAILED', 2],
        ['unauthenticated', 'unknown', 'BODY_TOO_LARGE', 1],
        ['bureau-310000', 'work-permit.issued', 'INTERNAL', 1],
      ]),
    );
    expect(refusals).toHaveLength(4);
  });
});
