import type { AuditEntry } from '@hub/audit';
import { INBOUND_HEADERS, type EventEnvelope } from '@hub/contracts';
import type { ReplayEventRow } from '../replays.repository.js';
import { replayQueueId, type Replay } from '../replay.js';
import type { Emission, Route, Withheld } from '../../routing/index.js';
import type { Subscription } from '../../subscriptions/index.js';

/** A chunk of a replay, decided: what goes out, its audit rows, and the counts and cursor to save with it. */
export interface ReplayChunk {
  readonly emissions: Emission[];
  readonly audit: AuditEntry[];
  readonly counts: { readonly sent: number; readonly withheld: number; readonly filtered: number };
  /** The last event looked at: the replay goes on after it. */
  readonly cursor: { readonly event: string };
}

/** What deciding a chunk needs: the events opened (decrypted), and routed under today's policy. */
export interface ReplayChunkDependencies {
  readonly open: (row: ReplayEventRow) => EventEnvelope<object>;
  readonly route: (envelope: EventEnvelope<object>, target: Subscription) => { routes: Route[]; withheld: Withheld[] };
  /** The traceparent a replayed event goes out with: its own trace continued from `original`. */
  readonly traceparent: (original: string | undefined) => string;
}

/**
 * Decides a chunk of a replay's events (at least one), in order: each event routed afresh to the
 * subscription, with the replay's channels in place of its own, is sent (numbered on from what the
 * replay sent before, its earlier sequence number kept), withheld (today's policy refuses it) or
 * filtered out. Replayed webhooks go to the replay's own queue.
 */
export function planReplayChunk(
  replay: Replay,
  subscription: Subscription,
  events: readonly [ReplayEventRow, ...ReplayEventRow[]],
  deps: ReplayChunkDependencies,
): ReplayChunk {
  const target: Subscription = { ...subscription, status: 'active', channels: replay.channels };
  const emissions: Emission[] = [];
  const audit: AuditEntry[] = [];
  let withheld = 0;
  let filtered = 0;
  for (const row of events) {
    const envelope = deps.open(row);
    const { routes, withheld: refused } = deps.route(envelope, target);
    const route = routes[0];
    if (!route) {
      if (refused.length > 0) withheld += 1;
      else filtered += 1;
      continue;
    }
    const replaySequence = replay.sent + emissions.length + 1;
    emissions.push({
      route,
      event: {
        eventId: row.id,
        subject: String(envelope.subject),
        correlationId: row.correlationId,
        traceparent: deps.traceparent(envelope.traceparent),
      },
      headers: {
        ...(row.sequence === null ? {} : { [INBOUND_HEADERS.sequence]: String(row.sequence) }),
        [INBOUND_HEADERS.replayId]: replay.id,
        [INBOUND_HEADERS.replaySequence]: String(replaySequence),
      },
      webhookQueue: replayQueueId(subscription.id, replay.id),
    });
    audit.push({
      actor: 'system:replay',
      action: 'event.replayed',
      purpose: route.purpose,
      eventId: row.id,
      detail: {
        agency: route.agency.id,
        subscriptionId: subscription.id,
        replayId: replay.id,
        replaySequence,
        projection: route.projection,
        policyVersion: route.policyVersion,
      },
    });
  }
  const last = events[events.length - 1] ?? events[0];
  return { emissions, audit, counts: { sent: emissions.length, withheld, filtered }, cursor: { event: last.id } };
}
