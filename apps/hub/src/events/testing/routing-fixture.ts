import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EVENT_CATALOGUE, KAFKA_HEADERS, type EventEnvelope } from '@hub/contracts';
import { WebhookDeliveries } from '@hub/delivery';
import type { DataSource } from 'typeorm';
import type { Agency } from '../../agencies/index.js';
import { readPolicy } from '../../policy/index.js';
import { routeEvent, type RoutingView, type RoutingViews } from '../../routing/index.js';
import { type Subscription, SubscriptionsRepository } from '../../subscriptions/index.js';
import type { PreparedEvent } from '../event-store.port.js';
import { EventStoreRepository } from '../event-store.repository.js';

export const CANONICAL_TOPIC = EVENT_CATALOGUE.find((contract) => contract.type === 'work-permit.issued')?.topic ?? '';
export const POLICY = readPolicy(JSON.parse(readFileSync(resolve('config/policy/policy.v1.json'), 'utf8')));

/**
 * The routing view as RoutingViews keeps it, read straight from the test database (the policy from
 * the policy file): the real routing version, subscriptions and agencies; `reloads` counts reloads.
 */
export class DatabaseRoutingViews {
  reloads = 0;
  private version = -1;
  private subscriptions: Subscription[] = [];
  private agencies = new Map<string, Agency>();

  constructor(private readonly dataSource: DataSource) {}

  current(): RoutingView {
    const { subscriptions, agencies } = this;
    return { version: this.version, route: (event) => routeEvent(event, 'commit', subscriptions, (id) => agencies.get(id), POLICY) };
  }

  async reload(): Promise<void> {
    this.reloads += 1;
    const [row] = await this.dataSource.query<{ version: string }[]>('SELECT version::text FROM hub_routing_version');
    this.version = Number(row?.version);
    this.subscriptions = await new SubscriptionsRepository(this.dataSource).active();
    const agencies = await this.dataSource.query<Agency[]>(
      `SELECT id, kind, region, name_zh AS "nameZh", name_en AS "nameEn", contact, status, '' AS "createdAt", '' AS "updatedAt" FROM agencies`,
    );
    this.agencies = new Map(agencies.map((agency) => [agency.id, agency]));
  }
}

/** The event store over the test database, routing with `views`. */
export async function routingEventStore(dataSource: DataSource): Promise<{ store: EventStoreRepository; views: DatabaseRoutingViews }> {
  const views = new DatabaseRoutingViews(dataSource);
  await views.reload();
  return { store: new EventStoreRepository(dataSource, views as unknown as RoutingViews, new WebhookDeliveries(dataSource)), views };
}

/** An active agency of `kind` (a psb or bureau of Shanghai, or a national one). */
export async function insertAgency(dataSource: DataSource, kind: Agency['kind']): Promise<string> {
  const provincial = kind === 'psb' || kind === 'bureau';
  const id = provincial ? `${kind}-310000` : kind;
  await dataSource.query(
    `INSERT INTO agencies (id, kind, region, name_zh, name_en, contact) VALUES ($1, $2, $3, $1, $1, 'ops@example.invalid') ON CONFLICT DO NOTHING`,
    [id, kind, provincial ? '310000' : null],
  );
  return id;
}

/** A subscription of `agency` to work-permit.issued v1 under the purpose the policy grants, as the subscriptions API stores it. */
export async function subscribe(
  dataSource: DataSource,
  agency: string,
  channels: Subscription['channels'] = { kafka: true, webhook: null },
  purpose = 'exit-entry-administration',
): Promise<Subscription> {
  return new SubscriptionsRepository(dataSource).insert(dataSource.manager, {
    id: randomUUID(),
    agency,
    name: `${agency} ${randomUUID().slice(0, 8)}`,
    eventTypes: [{ type: 'work-permit.issued', version: 1 }],
    filters: {},
    channels,
    purpose,
    createdBy: 'test',
  });
}

/** A work-permit.issued event as prepareEvent hands it to the store; `content` stands for what the publisher sent. */
export function prepared(id: string = randomUUID(), content = 'first'): PreparedEvent {
  const subject = `sub_${randomUUID().replace(/-/g, '')}`;
  const envelope = {
    specversion: '1.0',
    id,
    type: 'work-permit.issued',
    source: 'urn:hub:agency:bureau-310000',
    agency: 'bureau-310000',
    region: '310000',
    subject,
    time: '2026-03-02T09:30:00+08:00',
    contractversion: 1,
    data: {
      permitNo: '123456789012345678',
      permitClass: 'B',
      holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' },
      employer: { creditCode: '91310000MA1FL8XQ3C', name: '上海示例科技有限公司' },
      position: content,
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
    },
  } as unknown as EventEnvelope<object>;
  const payload = JSON.stringify(envelope);
  return {
    id,
    type: 'work-permit.issued',
    contractVersion: 1,
    agency: 'bureau-310000',
    region: '310000',
    subject,
    occurredAt: '2026-03-02T09:30:00+08:00',
    correlationId: `corr-${id}`,
    contentHash: createHash('sha256').update(payload).digest('hex'),
    envelope,
    payload,
    storedEnvelope: payload,
    topic: CANONICAL_TOPIC,
    purpose: 'work-permit-administration',
    headers: {
      [KAFKA_HEADERS.eventId]: id,
      [KAFKA_HEADERS.eventType]: 'work-permit.issued',
      [KAFKA_HEADERS.traceparent]: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
    },
  };
}
