import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { EventEnvelope } from '@hub/contracts';
import { WebhookDeliveries } from '@hub/delivery';
import { decryptEventData, type FieldCipher } from '@hub/identity';
import { startHop } from '@hub/observability';
import { DataSource } from 'typeorm';
import { AdminInputInvalidError, AdminNotFoundError } from '../kernel/index.js';
import { AgencyRegistry } from '../agencies/index.js';
import { AUDIT_SINK, type AuditSink } from '../audit/index.js';
import { HubConfig } from '../config/hub-config.js';
import { fieldCipherOf } from '../config/hub-keys.js';
import { emitRoutes, routeEvent } from '../routing/index.js';
import { PolicyService } from '../policy/index.js';
import { type Subscription, type SubscriptionChannels, SubscriptionsRepository } from '../subscriptions/index.js';
import type { Replay } from './replay.js';
import { ReplaysRepository } from './replays.repository.js';
import { planReplayChunk, type ReplayChunkDependencies } from './run-replay/plan-replay-chunk.js';

const CHUNK = 200;

/** How often a process looks for replays whose process stopped. */
const ORPHAN_LOOK_EVERY_MS = 15_000;

/** Where a replay starts, and where its events go (the subscription's own channels when left out). */
export interface ReplayRequest {
  readonly fromTime?: string;
  readonly fromSequence?: number;
  readonly into?: SubscriptionChannels;
}

/**
 * Replays a subscription: the events of its types accepted since a time, or the events it received
 * from one of its sequence numbers on, sent again through the subscription's channels or others.
 * Authorization-aware: every event goes through today's policy, filters and projection, so a
 * grant withdrawn since means the data is withheld, not replayed. Progress is kept in the
 * database; a replay whose process stopped is taken over by another (or by this one at start).
 * Replayed Kafka messages carry `hub-replay-id` and `hub-replay-sequence` (and `hub-sequence` when
 * the subscription had the event before); replayed webhooks have a queue of their own.
 */
@Injectable()
export class ReplayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Replay');
  private readonly runner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, Promise<void>>();
  private readonly cipher: FieldCipher;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly replays: ReplaysRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly registry: AgencyRegistry,
    private readonly policies: PolicyService,
    private readonly webhooks: WebhookDeliveries,
    private readonly config: HubConfig,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {
    this.cipher = fieldCipherOf(config);
  }

  onApplicationBootstrap(): void {
    void this.resumeOrphans();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.running.values());
  }

  /** Starts a replay of `subscription` for `actor` (the agency or an operator); answers at once with its progress record. */
  async start(subscription: Subscription, request: ReplayRequest, actor: string): Promise<Replay> {
    if ((request.fromTime === undefined) === (request.fromSequence === undefined)) {
      throw new AdminInputInvalidError([
        { path: '', rule: 'oneStart', message: 'give exactly one of fromTime (RFC 3339) or fromSequence' },
      ]);
    }
    if (request.fromTime !== undefined && Number.isNaN(Date.parse(request.fromTime))) {
      throw new AdminInputInvalidError([{ path: 'fromTime', rule: 'isRfc3339', message: 'fromTime must be an RFC 3339 time' }]);
    }
    const channels = request.into ?? subscription.channels;
    if (!channels.kafka && !channels.webhook)
      throw new AdminInputInvalidError([{ path: 'into', rule: 'oneChannel', message: 'into needs kafka: true or a webhook' }]);
    const types = subscription.eventTypes.map((entry) => entry.type);
    const from = request.fromTime !== undefined ? { time: request.fromTime } : { sequence: request.fromSequence ?? 1 };
    const total = await this.replays.count(subscription.id, types, from);
    const replay = await this.dataSource.transaction(async (tx) => {
      const created = await this.replays.insert(tx, {
        id: randomUUID(),
        subscriptionId: subscription.id,
        requestedBy: actor,
        ...(request.fromTime !== undefined ? { fromTime: request.fromTime } : { fromSequence: request.fromSequence ?? 1 }),
        channels,
        total,
      });
      await this.audit.record(
        {
          actor,
          action: 'subscription.replay-started',
          purpose: subscription.purpose,
          detail: {
            subscriptionId: subscription.id,
            replayId: created.id,
            from: request.fromTime ?? `sequence ${request.fromSequence}`,
            total,
          },
        },
        tx,
      );
      return created;
    });
    this.run(replay.id);
    return replay;
  }

  async get(subscriptionId: string, replayId: string): Promise<Replay> {
    const replay = await this.replays.find(replayId);
    if (!replay || replay.subscriptionId !== subscriptionId)
      throw new AdminNotFoundError(`Replay ${replayId}`, 'The replay id is in the answer that started it.');
    const visible: Replay & { cursor?: unknown } = { ...replay };
    delete visible.cursor;
    return visible;
  }

  /** Takes over replays whose process stopped: at start, then every ORPHAN_LOOK_EVERY_MS (the `replay-orphans` job). */
  @Interval('replay-orphans', ORPHAN_LOOK_EVERY_MS)
  async resumeOrphans(): Promise<void> {
    if (this.stopping) return;
    try {
      for (const id of await this.replays.orphaned()) this.run(id);
    } catch (error) {
      this.logger.warn({ message: 'could not look for interrupted replays', error: String(error) });
    }
  }

  private run(id: string): void {
    if (this.running.has(id)) return;
    const work = this.replayAll(id)
      .catch(async (error: unknown) => {
        this.logger.error({ message: 'replay failed', replayId: id, error: String(error) });
        await this.replays.finish(id, 'failed', String(error).slice(0, 500)).catch(() => undefined);
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, work);
  }

  /** Replays chunk by chunk: read the next events, decide what goes out, and send it with the progress in one transaction. */
  private async replayAll(id: string): Promise<void> {
    if (!(await this.replays.claim(id, this.runner))) return;
    // When stopping, another process (or this one after a restart) goes on from the cursor.
    while (!this.stopping) {
      const replay = await this.replays.find(id);
      const subscription = replay && (await this.subscriptions.find(replay.subscriptionId));
      if (!replay || !subscription) return void (await this.replays.finish(id, 'failed', 'the subscription was deleted'));
      const events = await this.replays.nextEvents(
        replay,
        subscription.eventTypes.map((entry) => entry.type),
        CHUNK,
      );
      if (!hasOne(events)) {
        await this.replays.finish(id, 'done', null);
        this.logger.log({ message: 'replay done', replayId: id, sent: replay.sent, withheld: replay.withheld });
        return;
      }
      const chunk = planReplayChunk(replay, subscription, events, this.chunkDependencies());
      await this.dataSource.transaction(async (tx) => {
        await emitRoutes(tx, this.webhooks, chunk.emissions, chunk.audit);
        await this.replays.progress(tx, id, chunk.counts, chunk.cursor, this.runner);
      });
    }
  }

  /** Opens stored events and routes them under the policy in force now. */
  private chunkDependencies(): ReplayChunkDependencies {
    const policy = this.policies.compiled();
    return {
      open: (row) =>
        decryptEventData(this.cipher, row.envelope as unknown as EventEnvelope<object> & { id: string; type: string; data: object }),
      route: (envelope, target) => routeEvent(envelope, 'replay', [target], (agencyId) => this.registry.agency(agencyId), policy),
      // A replayed event continues its own trace: the replay is one more hop of it.
      traceparent: (original) => replayHop(original),
    };
  }
}

function hasOne<T>(items: readonly T[]): items is readonly [T, ...T[]] {
  return items.length > 0;
}

/** The replay's span of one event, a child of the traceparent the event was accepted under (a new trace for one without). */
function replayHop(original: string | undefined): string {
  const hop = startHop('replay', original, 'producer');
  hop.end();
  return hop.traceparent;
}
