import { describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS, type EventEnvelope } from '@hub/contracts';
import type { ReplayEventRow } from '../replays.repository.js';
import type { Replay } from '../replay.js';
import { planReplayChunk, type ReplayChunkDependencies } from './plan-replay-chunk.js';
import type { Route } from '../../routing/index.js';
import type { Subscription } from '../../subscriptions/index.js';

const subscription = { id: 's-1', status: 'paused', channels: { kafka: true, webhook: null } } as unknown as Subscription;
const replay = {
  id: 'r-1',
  subscriptionId: 's-1',
  sent: 10,
  channels: { kafka: false, webhook: { url: 'https://agency.example/hook' } },
} as unknown as Replay;
const row = (id: string, sequence: number | null = null): ReplayEventRow => ({
  id,
  receivedAt: new Date(0),
  correlationId: `corr-${id}`,
  envelope: { id, type: 'work-permit.issued', subject: `sub-${id}`, traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
  sequence,
});

/** Routes by event id: `w…` withheld by policy, `f…` filtered out, any other sent. */
const deps: ReplayChunkDependencies = {
  open: (stored) => stored.envelope as unknown as EventEnvelope<object>,
  route: (envelope, target) => {
    if (envelope.id.startsWith('w')) return { routes: [], withheld: [{ subscription: target, reason: 'policy' }] };
    if (envelope.id.startsWith('f')) return { routes: [], withheld: [] };
    const route = { subscription: target, agency: { id: 'psb-310000' }, purpose: 'employment', projection: 'full', policyVersion: 4 };
    return { routes: [route as unknown as Route], withheld: [] };
  },
  // The replay's hop continues the event's trace: same trace id, a span of its own.
  traceparent: (original) => `${original?.slice(0, 35) ?? 'none'}-${'c'.repeat(16)}-01`,
};

describe('deciding a chunk of a replay', () => {
  it('sends, withholds or filters out each event, and goes on after the last one looked at', () => {
    const chunk = planReplayChunk(replay, subscription, [row('a'), row('w1'), row('f1'), row('b'), row('f2')], deps);
    expect(chunk.emissions.map((emission) => emission.event.eventId)).toEqual(['a', 'b']);
    expect(chunk.counts).toEqual({ sent: 2, withheld: 1, filtered: 2 });
    expect(chunk.cursor).toEqual({ event: 'f2' });
  });

  it("routes to the subscription as active, on the replay's channels, into the replay's own webhook queue", () => {
    const [emission] = planReplayChunk(replay, subscription, [row('a')], deps).emissions;
    expect(emission?.route.subscription).toMatchObject({ id: 's-1', status: 'active', channels: replay.channels });
    expect(emission?.webhookQueue).toBe('s-1:replay:r-1');
    expect(emission?.event).toEqual({
      eventId: 'a',
      subject: 'sub-a',
      correlationId: 'corr-a',
      traceparent: `00-${'a'.repeat(32)}-${'c'.repeat(16)}-01`,
    });
  });

  it('numbers replayed events on from what the replay sent before, keeping the sequence the subscription had', () => {
    const chunk = planReplayChunk(replay, subscription, [row('a', 3), row('w1'), row('b')], deps);
    expect(chunk.emissions.map((emission) => emission.headers)).toEqual([
      { [INBOUND_HEADERS.sequence]: '3', [INBOUND_HEADERS.replayId]: 'r-1', [INBOUND_HEADERS.replaySequence]: '11' },
      { [INBOUND_HEADERS.replayId]: 'r-1', [INBOUND_HEADERS.replaySequence]: '12' },
    ]);
    expect(chunk.audit.map((entry) => [entry.action, entry.eventId, entry.detail?.replaySequence])).toEqual([
      ['event.replayed', 'a', 11],
      ['event.replayed', 'b', 12],
    ]);
    expect(chunk.audit[0]).toMatchObject({ actor: 'system:replay', purpose: 'employment' });
    expect(chunk.audit[0]?.detail).toMatchObject({
      agency: 'psb-310000',
      subscriptionId: 's-1',
      replayId: 'r-1',
      projection: 'full',
      policyVersion: 4,
    });
  });
});
