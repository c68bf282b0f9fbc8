import { Injectable } from '@nestjs/common';
import { auditInsertCte } from '@hub/audit';
import { HubError, INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { DELIVERY_CHANNEL, webhookEnqueueCtes, WebhookDeliveries } from '@hub/delivery';
import { OUTBOX_CHANNEL, outboxInsertCtes } from '@hub/messaging';
import { GroupCommit, queryPrepared } from '@hub/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { routeAtCommit, RoutingViews, type CommitRouting } from '../routing/index.js';
import { EventIdConflictError, EventStoreUnavailableError, RoutingChangedError } from './events.errors.js';
import type { EventStore, PreparedEvent, StoreOutcome } from './event-store.port.js';
import { claimRecordVersions } from './record-versions/claim-record-versions.js';

/** SQLSTATE raised by hub_event_id_conflict() (see the event-store migration). */
const EVENT_ID_CONFLICT_SQLSTATE = 'HB409';
/** SQLSTATE raised by hub_routing_checked() when the routing view is not the one in force (see AddRoutingVersion). */
const ROUTING_CHANGED_SQLSTATE = 'HB412';
/** Routings of one publish before it gives up: each try follows a routing change committed meanwhile. */
const MAX_ROUTING_TRIES = 5;
/**
 * Group commit of publishes: at most this many publish statements run at once; requests that arrive
 * meanwhile are stored together by the next one. Each statement holds its subscriptions' row locks
 * until its commit is on disk, so statements for the same subscription run one after the other:
 * combining them turns a WAL flush per request into one per group. Two in flight let one statement
 * store its events while the other waits for its flush.
 */
const PUBLISH_STATEMENTS_IN_FLIGHT = 2;
/** Most events one combined statement stores (a larger request is stored alone). */
const EVENTS_PER_STATEMENT = 1000;
/** The publish statement's name as a prepared statement on each connection. */
const PUBLISH_STATEMENT = 'hub_publish_events';

/**
 * The event store on PostgreSQL. A publish is one statement, so one round trip and atomic by
 * itself: it stores the new events, their canonical topic's outbox records and, routed at commit,
 * each subscription's numbered delivery with its outbox record or webhook, and wakes the relay; an
 * id stored before with the same content is skipped (a duplicate, nothing of it recorded again); an
 * id stored with other content aborts the whole statement, so nothing of the request is stored.
 * The statement checks first, under the routing lock, that the view it was routed with is still in
 * force; when a change committed meanwhile, the view is reloaded and the events routed again.
 */
@Injectable()
export class EventStoreRepository implements EventStore {
  private readonly commits = new GroupCommit<PreparedEvent, StoreOutcome>((groups) => this.storeGroups(groups), {
    maxInFlight: PUBLISH_STATEMENTS_IN_FLIGHT,
    maxItems: EVENTS_PER_STATEMENT,
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly routing: RoutingViews,
    private readonly webhooks: WebhookDeliveries,
  ) {}

  /**
   * Stores one request's events, in one statement with the requests that arrived while earlier
   * statements ran (group commit). An error of the combined statement is retried request by
   * request, so a conflict in one request refuses that request only.
   */
  storeNew(events: readonly PreparedEvent[]): Promise<StoreOutcome> {
    return this.commits.submit(events);
  }

  /**
   * The requests' events in one statement; for each request the ids that were stored before it
   * (by an earlier statement, or by an earlier request of this group). The same id with different
   * content in two requests is a conflict of the later one: thrown here, it is found again when the
   * requests are stored one by one.
   */
  private async storeGroups(groups: readonly (readonly PreparedEvent[])[]): Promise<StoreOutcome[]> {
    const owners = new Map<string, { group: number; contentHash: string }>();
    const combined: PreparedEvent[] = [];
    groups.forEach((group, index) => {
      for (const event of group) {
        const owner = owners.get(event.id);
        if (!owner) {
          owners.set(event.id, { group: index, contentHash: event.contentHash });
          combined.push(event);
        } else if (owner.contentHash !== event.contentHash) {
          throw new EventIdConflictError([event.id]);
        }
      }
    });
    const { duplicates, held } = await this.storeCombined(combined);
    return groups.map((group, index) => ({
      duplicates: new Set(
        group
          .filter((event) => duplicates.has(event.id) || (owners.get(event.id)?.group !== index && !held.has(event.id)))
          .map((e) => e.id),
      ),
      held: new Map(group.flatMap((event) => (held.has(event.id) ? [[event.id, held.get(event.id) ?? '']] : []))),
    }));
  }

  private async storeCombined(events: readonly PreparedEvent[]): Promise<StoreOutcome> {
    let stored: { inserted: Set<string>; held: ReadonlyMap<string, string> };
    try {
      stored = await this.insertRouted(events);
    } catch (error) {
      if ((error as { code?: string }).code === EVENT_ID_CONFLICT_SQLSTATE) {
        throw new EventIdConflictError(await findConflicts(this.dataSource.manager, events));
      }
      if (error instanceof HubError) throw error;
      throw new EventStoreUnavailableError(error);
    }
    const { inserted, held } = stored;
    return { duplicates: new Set(events.filter((e) => !inserted.has(e.id) && !held.has(e.id)).map((e) => e.id)), held };
  }

  private async insertRouted(events: readonly PreparedEvent[]): Promise<{ inserted: Set<string>; held: ReadonlyMap<string, string> }> {
    for (let tries = 1; ; tries++) {
      const routing = routeAtCommit(events.map(toRoute), this.routing.current(), (requests) => this.webhooks.seal(requests));
      try {
        return await this.insert(events, routing);
      } catch (error) {
        if ((error as { code?: string }).code !== ROUTING_CHANGED_SQLSTATE) throw error;
        if (tries >= MAX_ROUTING_TRIES) throw new RoutingChangedError(tries, error);
        await this.routing.reload();
      }
    }
  }

  /**
   * One statement, atomic by itself; with versioned events, a transaction that first claims their
   * records (held changes are routed but not inserted, so their deliveries are dropped with them).
   */
  private async insert(
    events: readonly PreparedEvent[],
    routing: CommitRouting,
  ): Promise<{ inserted: Set<string>; held: ReadonlyMap<string, string> }> {
    if (!events.some((event) => event.record !== undefined)) {
      return { inserted: await insertEventsWithOutbox(this.dataSource.manager, events, routing), held: new Map() };
    }
    return this.dataSource.transaction(async (tx) => {
      const { apply, held } = await claimRecordVersions(tx, events);
      return { inserted: apply.length > 0 ? await insertEventsWithOutbox(tx, apply, routing) : new Set<string>(), held };
    });
  }
}

function toRoute(event: PreparedEvent) {
  return {
    eventId: event.id,
    subject: event.subject,
    correlationId: event.correlationId,
    traceparent: event.headers[KAFKA_HEADERS.traceparent] ?? '',
    envelope: event.envelope,
  };
}

/**
 * The new events' deliveries, numbered: the subscriptions' rows are locked last in the statement
 * (after the events are stored) and in id order, so concurrent publishers never deadlock; each
 * subscription's counter advances by its count and its deliveries are numbered on from it in event
 * order, gap-free (a rollback gives the numbers back). No duplicate check: every event here is new
 * in this statement.
 */
const NUMBERED_DELIVERIES = `routed AS (
       SELECT r.*, row_number() OVER (PARTITION BY r.subscription_id ORDER BY r.ord) AS n
         FROM json_to_recordset($4::json) AS r(ord bigint, event_ord bigint, event_id uuid, subscription_id uuid, agency text, subject text,
              channels text, contract_version int, policy_version int, projection text, purpose text, topic text, payload text, headers jsonb,
              webhook_id uuid, webhook_endpoint text, webhook_payload text, event_type text)
        WHERE r.event_id IN (SELECT id FROM inserted)
     ), counted AS (
       SELECT subscription_id, count(*) AS c FROM routed GROUP BY subscription_id
     ), locked AS (
       SELECT s.id FROM subscriptions s WHERE s.id IN (SELECT subscription_id FROM counted) ORDER BY s.id FOR UPDATE
     ), advanced AS (
       UPDATE subscriptions s SET next_sequence = s.next_sequence + counted.c
         FROM counted JOIN locked ON locked.id = counted.subscription_id
        WHERE s.id = counted.subscription_id
       RETURNING s.id, s.next_sequence - counted.c AS first
     ), numbered AS MATERIALIZED (
       SELECT routed.*, advanced.first + routed.n - 1 AS sequence FROM routed JOIN advanced ON advanced.id = routed.subscription_id
     ), delivered AS (
       INSERT INTO subscription_deliveries (subscription_id, sequence, event_id, subject, channels, contract_version, policy_version, projection, purpose)
       SELECT subscription_id, sequence, event_id, subject, string_to_array(channels, ','), contract_version, policy_version, projection, purpose
         FROM numbered ORDER BY ord
       RETURNING 1
     ), withheld AS (
       INSERT INTO subscription_withholdings (subscription_id, event_id, reason)
       SELECT w.subscription_id, w.event_id, w.reason FROM json_to_recordset($5::json) AS w(ord bigint, event_id uuid, subscription_id uuid, reason text)
        WHERE w.event_id IN (SELECT id FROM inserted) ORDER BY w.ord
       ON CONFLICT DO NOTHING
       RETURNING subscription_id, event_id, reason
     )`;

/**
 * Each new event's records, in event order: its canonical topic's, then one per subscription on the
 * agency's inbound topic, carrying its sequence number ($6 names the header).
 */
const QUEUED_RECORDS = outboxInsertCtes(
  `SELECT event_id, topic, message_key, payload, headers FROM (
       SELECT input.id AS event_id, input.topic, input.subject AS message_key, input.payload, input.headers, input.ord, -1 AS k
         FROM input JOIN inserted USING (id)
       UNION ALL
       SELECT event_id, topic, subject, payload, headers || jsonb_build_object($6::text, sequence::text), event_ord, ord
         FROM numbered WHERE topic IS NOT NULL
     ) AS records ORDER BY ord, k`,
  '$2',
);

/** Each delivery with a webhook, into the webhook queue, numbered in event order. */
const QUEUED_WEBHOOKS = webhookEnqueueCtes(
  `SELECT webhook_id AS id, subscription_id::text, agency AS agency_id, event_id, event_type, subject AS subject_id,
          webhook_endpoint AS endpoint, webhook_payload AS payload
     FROM numbered WHERE webhook_id IS NOT NULL ORDER BY ord`,
  '$7',
);

/**
 * The audit rows, in the same statement (so they commit with the event or not at all): one
 * `event.published` per newly stored event (the agency, the purpose of its grant, the type); one
 * `event.dispatched` per run of up to 40 consecutive deliveries of one subscription (the sequence
 * range and the event ids, the channels, projection and policy version); one `event.withheld` per
 * withholding. Reading `numbered` and the ORDER BY make everything else run first.
 */
const AUDIT_ROWS = auditInsertCte(
  'audited',
  `SELECT actor, action, purpose, event_id, detail FROM (
       SELECT 'agency:' || input.agency AS actor, 'event.published' AS action, input.purpose, input.id AS event_id,
              jsonb_build_object('type', input.type, 'contractVersion', input.contract_version, 'region', input.region) AS detail,
              0 AS kind, input.ord AS ord
         FROM input JOIN inserted USING (id)
       UNION ALL
       SELECT 'system:router', 'event.dispatched', purpose, CASE WHEN count(*) = 1 THEN (array_agg(event_id))[1] END,
              jsonb_build_object('agency', agency, 'subscriptionId', subscription_id, 'fromSequence', min(sequence), 'toSequence', max(sequence),
                                 'eventIds', jsonb_agg(event_id ORDER BY sequence), 'channels', channels, 'projection', projection,
                                 'policyVersion', policy_version),
              1, min(ord)
         FROM numbered GROUP BY subscription_id, agency, purpose, channels, projection, policy_version, (n - 1) / 40
       UNION ALL
       SELECT 'system:router', 'event.withheld', w.purpose, w.event_id,
              jsonb_build_object('agency', w.agency, 'subscriptionId', w.subscription_id, 'reason', w.reason), 2, w.ord
         FROM json_to_recordset($5::json) AS w(ord bigint, event_id uuid, subscription_id uuid, agency text, purpose text, reason text)
         JOIN withheld USING (subscription_id, event_id)
     ) AS rows ORDER BY kind, ord`,
);

async function insertEventsWithOutbox(
  manager: EntityManager,
  events: readonly PreparedEvent[],
  routing: CommitRouting,
): Promise<Set<string>> {
  // A named statement: prepared once per connection and, after a few runs, no longer planned on each
  // (planning its seventeen CTEs took 1-2.5 ms a call).
  const [row] = await queryPrepared<{ inserted: string[] }>(
    manager,
    PUBLISH_STATEMENT,
    // hub_routing_checked hands over the events only once the routing lock is held and the view
    // checked, so it runs before anything is written.
    `WITH input AS (
       SELECT * FROM json_to_recordset(hub_routing_checked($3, $1::json))
         AS u(id uuid, type text, contract_version int, agency text, region text, subject text, occurred_at timestamptz,
              correlation_id text, content_hash text, payload text, stored_envelope text, topic text, purpose text, headers jsonb, ord bigint)
     ), inserted AS (
       INSERT INTO events AS stored (id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, envelope)
       SELECT id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, stored_envelope::jsonb FROM input ORDER BY ord
       ON CONFLICT (id) DO UPDATE SET id = stored.id
         WHERE stored.content_hash <> EXCLUDED.content_hash AND hub_event_id_conflict(stored.id)
       RETURNING id
     ), ${NUMBERED_DELIVERIES}, ${QUEUED_RECORDS}, ${QUEUED_WEBHOOKS}, ${AUDIT_ROWS}
     SELECT coalesce((SELECT array_agg(id) FROM inserted), '{}') AS inserted, (SELECT count(*) FROM notified) AS notified,
            (SELECT count(*) FROM delivered) AS delivered, (SELECT count(*) FROM webhooks_notified) AS webhooks,
            (SELECT count(*) FROM audited) AS audited`,
    // One JSON parameter per kind of row instead of an array per column: V8 serializes it natively,
    // much faster than the driver's per-element array escaping of the payloads.
    [
      JSON.stringify(
        events.map((e, ord) => ({
          ord,
          id: e.id,
          type: e.type,
          contract_version: e.contractVersion,
          agency: e.agency,
          region: e.region,
          subject: e.subject,
          occurred_at: e.occurredAt,
          correlation_id: e.correlationId,
          content_hash: e.contentHash,
          payload: e.payload,
          stored_envelope: e.storedEnvelope,
          topic: e.topic,
          purpose: e.purpose,
          headers: e.headers,
        })),
      ),
      OUTBOX_CHANNEL,
      routing.version,
      JSON.stringify(deliveryRows(events, routing)),
      JSON.stringify(
        routing.withheld.map((w, ord) => ({
          ord,
          event_id: w.eventId,
          subscription_id: w.subscriptionId,
          agency: w.agency,
          purpose: w.purpose,
          reason: w.reason,
        })),
      ),
      INBOUND_HEADERS.sequence,
      DELIVERY_CHANNEL,
    ],
  );
  return new Set(row?.inserted ?? []);
}

function deliveryRows(events: readonly PreparedEvent[], routing: CommitRouting): object[] {
  const eventOrd = new Map(events.map((event, ord) => [event.id, ord]));
  const typeOf = new Map(events.map((event) => [event.id, event.type]));
  return routing.deliveries.map((d, ord) => ({
    ord,
    event_ord: eventOrd.get(d.eventId),
    event_id: d.eventId,
    subscription_id: d.subscriptionId,
    agency: d.agency,
    subject: d.subject,
    channels: d.channels,
    contract_version: d.contractVersion,
    policy_version: d.policyVersion,
    projection: d.projection,
    purpose: d.purpose,
    topic: d.inbound?.topic,
    payload: d.inbound?.payload,
    headers: d.inbound?.headers,
    webhook_id: d.webhook?.id,
    webhook_endpoint: d.webhook?.endpoint,
    webhook_payload: d.webhook?.payload,
    event_type: d.webhook?.eventType ?? typeOf.get(d.eventId),
  }));
}

/** The ids of `events` stored before with other content. */
async function findConflicts(manager: EntityManager, events: readonly PreparedEvent[]): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(
    `SELECT stored.id FROM events stored
       JOIN unnest($1::uuid[], $2::text[]) AS sent(id, content_hash) ON sent.id = stored.id
      WHERE stored.content_hash <> sent.content_hash`,
    [events.map((e) => e.id), events.map((e) => e.contentHash)],
  );
  return rows.map((row) => row.id);
}
