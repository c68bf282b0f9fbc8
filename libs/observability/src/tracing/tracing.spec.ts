import { describe, expect, it } from '@jest/globals';
import { isTraceparent } from '../trace-context.js';
import { markHop, startHop, startTracing, tracingOn } from './tracing.js';

const PARENT = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;

describe('tracing', () => {
  it('is off without an endpoint: a hop passes on a child of the same trace and makes no span', async () => {
    const tracing = startTracing('spec', undefined);
    expect(tracingOn()).toBe(false);
    const hop = startHop('send x', PARENT, 'producer');
    expect(hop.traceparent).toMatch(new RegExp(`^00-${'ab'.repeat(16)}-[0-9a-f]{16}-01$`));
    expect(hop.traceparent).not.toBe(PARENT);
    expect(() => hop.end(new Error('ignored'))).not.toThrow();
    expect(isTraceparent(markHop('accept x', undefined, 'producer'))).toBe(true);
    await tracing.shutdown();
  });

  it('makes real spans with an endpoint: children keep the trace and get a span id of their own', async () => {
    // Nothing listens there: the spans are made, their export fails quietly.
    const tracing = startTracing('spec', 'http://127.0.0.1:9');
    try {
      expect(tracingOn()).toBe(true);
      const hop = startHop('send x', PARENT, 'producer', { 'messaging.system': 'kafka' });
      const [, traceId, spanId, flags] = hop.traceparent.split('-');
      expect([traceId, flags]).toEqual(['ab'.repeat(16), '01']);
      expect(spanId).not.toBe('cd'.repeat(8));
      hop.end();
      const root = startHop('POST /v1/events', 'not-a-traceparent', 'server');
      expect(root.traceparent.split('-')[1]).not.toBe('ab'.repeat(16));
      root.end();
    } finally {
      await tracing.shutdown();
    }
    expect(tracingOn()).toBe(false);
  });
});
