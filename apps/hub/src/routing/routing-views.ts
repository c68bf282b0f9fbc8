import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EventEnvelope } from '@hub/contracts';
import { DataSource } from 'typeorm';
import { AgencyRegistry } from '../agencies/index.js';
import { HubConfig } from '../config/hub-config.js';
import { dataFingerprint, LiveSnapshot } from '../kernel/index.js';
import { PolicyService } from '../policy/index.js';
import { type Subscription, SubscriptionsRepository } from '../subscriptions/index.js';
import { routeEvent, type Route, type Withheld } from './route-event.js';

/** What the publish path routes with: the routing version it was read at, and a routing by that view. */
export interface RoutingView {
  /** `hub_routing_version` when the view was read; the publish statement refuses a different one. */
  readonly version: number;
  route(event: EventEnvelope<object>): { routes: Route[]; withheld: Withheld[] };
}

interface LoadedView {
  readonly version: number;
  readonly subscriptions: readonly Subscription[];
}

/**
 * The view of subscriptions, policy and agencies that events are routed with at publish time. A
 * load reads the routing version first and only then reloads the policy, the agency registry and
 * the active subscriptions, so the view holds at least every change up to that version; the
 * publish statement checks under the routing lock that the version is still in force (see the
 * AddRoutingVersion migration), so a view that turns out newer or older than it says is refused
 * and reloaded, never used. Reloaded on each routing change (NOTIFY `hub_routing`) too, so the
 * first publish after a change rarely pays for the reload.
 */
@Injectable()
export class RoutingViews implements OnModuleInit, OnModuleDestroy {
  private readonly state: LiveSnapshot<LoadedView>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    private readonly policy: PolicyService,
    subscriptions: SubscriptionsRepository,
    config: HubConfig,
  ) {
    this.state = new LiveSnapshot<LoadedView>({
      load: async () => {
        const version = await this.routingVersion();
        await Promise.all([this.registry.refresh(), this.policy.refresh()]);
        return { version, subscriptions: await subscriptions.active() };
      },
      channel: 'hub_routing',
      fingerprint: dataFingerprint,
      databaseUrl: config.DATABASE_URL,
      intervalMs: config.REGISTRY_REFRESH_INTERVAL_MS,
      logger: new Logger(RoutingViews.name),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.state.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.state.stop();
  }

  /** The view loaded last. */
  current(): RoutingView {
    const { version, subscriptions } = this.state.current;
    const policy = this.policy.compiled();
    return {
      version,
      route: (event) => routeEvent(event, 'commit', subscriptions, (id) => this.registry.agency(id), policy),
    };
  }

  /** Reloads; resolves when every routing change committed before the call is in the view. */
  reload(): Promise<void> {
    return this.state.refresh();
  }

  private async routingVersion(): Promise<number> {
    const [row] = await this.dataSource.query<{ version: string }[]>('SELECT version::text FROM hub_routing_version');
    if (!row) throw new Error('hub_routing_version is empty; run the hub migrations (AddRoutingVersion1764400000000).');
    return Number(row.version);
  }
}
