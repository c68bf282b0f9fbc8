import { Injectable } from '@nestjs/common';
import { ReplayService } from '../../replay/index.js';
import { SubscriptionsHandler, SubscriptionsRepository } from '../../subscriptions/index.js';
import { invalidInput, notFound } from '../kernel/console.errors.js';
import { consoleActor } from '../operators/console-operator.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An operator pauses, resumes or replays a subscription for its agency, through the same handler
 * and replay service the agencies' and admin API use; the audit trail names the operator
 * (`admin:console:<username>`).
 */
@Injectable()
export class ChangeSubscriptionHandler {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly handler: SubscriptionsHandler,
    private readonly replays: ReplayService,
  ) {}

  async setState(id: string, state: 'active' | 'paused', username: string): Promise<{ id: string; state: string }> {
    const subscription = await this.find(id);
    const changed = await this.handler.setStatus({ id: subscription.agency }, id, state, consoleActor(username));
    return { id: changed.id, state: changed.status };
  }

  /** `{from?}`: events accepted since `from` (RFC 3339), or everything the subscription received when left out. */
  async replay(id: string, body: unknown, username: string): Promise<{ replayId: string }> {
    const subscription = await this.find(id);
    const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    for (const field of Object.keys(value)) {
      if (field !== 'from')
        throw invalidInput(
          field,
          'is not a replay field; give from (RFC 3339) or nothing',
          '不是重放字段；请只提供 from（RFC 3339 时间）或不提供',
        );
    }
    const from = value['from'];
    if (from !== undefined && (typeof from !== 'string' || !RFC3339.test(from) || Number.isNaN(Date.parse(from)))) {
      throw invalidInput(
        'from',
        'must be an RFC 3339 time such as 2026-12-01T00:00:00+08:00',
        '必须是 RFC 3339 时间，如 2026-12-01T00:00:00+08:00',
      );
    }
    const replay = await this.replays.start(
      subscription,
      from === undefined ? { fromSequence: 1 } : { fromTime: from },
      consoleActor(username),
    );
    return { replayId: replay.id };
  }

  async replayProgress(id: string, replayId: string): Promise<{ state: string; total: number; done: number }> {
    const replay = await this.replays.get(id, replayId);
    const state = replay.status === 'done' ? 'finished' : replay.status;
    return { state, total: replay.total, done: replay.sent + replay.withheld + replay.filtered };
  }

  private async find(id: string): Promise<NonNullable<Awaited<ReturnType<SubscriptionsRepository['find']>>>> {
    const subscription = /^[0-9a-f-]{36}$/i.test(id) ? await this.subscriptions.find(id) : undefined;
    if (!subscription || subscription.status === 'deleted') throw notFound(`Subscription ${id}`, `订阅 ${id}`);
    return subscription;
  }
}
