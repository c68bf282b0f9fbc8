import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import {
  aWorkPermitIssuedEvent,
  ensureSubscription,
  scrapeMetrics,
  sumOf,
  TEST_DATABASE_SERVER_URL,
  testKafkaClient,
  waitUntil,
  type PrometheusSample,
} from '@hub/testing';
import pg from 'pg';
import { WORK_PERMIT_SUBSCRIPTION } from '../../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { MetricRollups } from '../../apps/hub/src/ops/rollups/metric-rollups.service.js';
import { apiKeyOf, countRows, PSB_AGENCY, psbGroupId, publish, startHub, type RunningApp } from '../support/running-apps.js';

const METRICS_TOKEN = `metrics-${randomUUID()}-${randomUUID()}`;
const WORK_PERMIT_TOPIC = EVENT_CATALOGUE.find((entry) => entry.type === 'work-permit.issued')?.topic ?? 'missing';
const INBOUND = agencyInboundTopic(PSB_AGENCY);

/**
 * The hub's telemetry after real traffic on the real broker and database: `/metrics` counts what
 * was accepted, refused, relayed and routed by the right amounts, reads the outbox, deliveries and
 * an agency consumer group's lag (in records and seconds) from the database and the brokers, and
 * `/health/ready` goes 503 while the database refuses connections, `/health` keeping its contract.
 */
describe('hub telemetry', () => {
  let hub: RunningApp;
  let subscriptionId: string;
  const kafka = testKafkaClient('hub-telemetry');
  const groupId = psbGroupId(`telemetry-${randomUUID().slice(0, 8)}`);
  const scrape = (): Promise<PrometheusSample[]> => scrapeMetrics(hub.url, METRICS_TOKEN);
  const relayed = (): Promise<boolean> => waitUntil('the outbox drained', async () => (await countRows(hub.db, 'outbox')) === 0, 60_000);

  beforeAll(async () => {
    hub = await startHub({ env: { METRICS_TOKEN, METRICS_CACHE_MS: '0' } });
    subscriptionId = (await ensureSubscription(hub.url, apiKeyOf(hub.url, PSB_AGENCY), WORK_PERMIT_SUBSCRIPTION)).id;
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  it('counts accepted, refused, relayed and routed events by the right amounts', async () => {
    // A first event makes the hub create public security's inbound topic; a consumer group of the
    // agency is then placed at its end, so everything routed after is the group's lag.
    expect((await publish(hub.url, aWorkPermitIssuedEvent())).status).toBe(202);
    await relayed();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(INBOUND);
      await admin.setOffsets({ groupId, topic: INBOUND, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
    } finally {
      await admin.disconnect();
    }
    const before = await scrape();
    const started = Date.now();

    const accepted = await publish(hub.url, { events: [aWorkPermitIssuedEvent(), aWorkPermitIssuedEvent(), aWorkPermitIssuedEvent()] });
    expect(accepted.status).toBe(202);
    const invalid = aWorkPermitIssuedEvent();
    (invalid['data'] as Record<string, unknown>)['permitNo'] = 'not-a-permit-number';
    const refused = await publish(hub.url, invalid);
    expect(refused.status).toBe(400);
    const refusedCode = refused.body.error?.code ?? 'missing';
    await relayed();
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}): number => sumOf(after, name, labels) - sumOf(before, name, labels);

    expect(delta('hub_events_accepted_total', { agency: 'bureau-310000', event_type: 'work-permit.issued' })).toBe(3);
    expect(delta('hub_events_refused_total', { agency: 'bureau-310000' })).toBe(1);
    expect(delta('hub_events_refused_total', { agency: 'bureau-310000', event_type: 'work-permit.issued', code: refusedCode })).toBe(1);
    expect(delta('messaging_client_sent_messages_total', { messaging_destination_name: WORK_PERMIT_TOPIC, error_type: '' })).toBe(3);
    expect(delta('messaging_client_sent_messages_total', { messaging_destination_name: INBOUND, error_type: '' })).toBe(3);
    const publishRoute = { http_route: '/v1/events', http_request_method: 'POST' };
    expect(delta('http_server_request_duration_seconds_count', { ...publishRoute, http_response_status_code: '202' })).toBe(1);
    expect(delta('http_server_request_duration_seconds_count', { ...publishRoute, http_response_status_code: '400' })).toBe(1);

    // Read from the database when scraped.
    expect(sumOf(after, 'hub_subscription_deliveries_routed', { subscription_id: subscriptionId, agency: PSB_AGENCY })).toBe(4);
    expect(sumOf(after, 'hub_outbox_pending_messages')).toBe(0);
    expect(after.filter((s) => s.name === 'hub_outbox_oldest_age_seconds').map((s) => s.labels['destination_kind'])).toEqual(
      expect.arrayContaining(['canonical', 'agency']),
    );
    // The accepted and refused events left audit leaves, which the sealer (audit role) seals soon after.
    const sealed = await waitUntil('the audit leaves sealed', async () => {
      const samples = await scrape();
      return sumOf(samples, 'hub_audit_unsealed_leaves') === 0 && (await countRows(hub.db, 'audit_leaves')) === 0 && samples;
    });
    expect(sumOf(sealed, 'hub_audit_oldest_unsealed_age_seconds')).toBe(0);
    expect(sumOf(sealed, 'hub_audit_last_checkpoint_age_seconds')).toBeLessThan(60);

    // From the brokers: the group placed at the end before the three events is three behind, and
    // the oldest of them was routed after the group was placed, during this test.
    const lag = { agency: PSB_AGENCY, messaging_destination_name: INBOUND, messaging_consumer_group_name: groupId };
    expect(sumOf(after, 'hub_agency_consumer_lag_messages', lag)).toBe(3);
    const seconds = after.find(
      (s) => s.name === 'hub_agency_consumer_lag_seconds' && s.labels['messaging_consumer_group_name'] === groupId,
    );
    expect(seconds?.value).toBeGreaterThan(0);
    expect(seconds?.value).toBeLessThanOrEqual((Date.now() - started) / 1000 + 1);

    // No subject id, event id or raw path is ever a label.
    const labels = JSON.stringify(after.map((s) => s.labels));
    expect(labels).not.toMatch(/sub_[0-9a-f]{32}/);
    expect(labels).not.toContain(String(accepted.body.events?.[0]?.id));
  });

  it('keeps per-minute rollups of what it counted in its database, each increment once, within retention', async () => {
    const rollups = hub.app.get(MetricRollups);
    await hub.db.query(
      `INSERT INTO metric_rollups (series, labels, minute, value) VALUES ('events_accepted', '{"agency":"old"}', date_trunc('minute', now() - interval '400 days'), 1)`,
    );
    await rollups.flush();
    const total = async (series: string, labels: Record<string, string>): Promise<number> =>
      Number(
        (
          await hub.db.query<{ n: string }>(
            'SELECT coalesce(sum(value), 0)::text AS n FROM metric_rollups WHERE series = $1 AND labels @> $2',
            [series, JSON.stringify(labels)],
          )
        ).rows[0]?.n,
      );
    // The first test's warm-up event and its three, one refused event, all relayed.
    const accepted = { domain: 'work-permit', agency: 'bureau-310000', event_type: 'work-permit.issued' };
    expect(await total('events_accepted', accepted)).toBe(4);
    expect(await total('events_refused', { agency: 'bureau-310000' })).toBe(1);
    expect(await total('records_relayed', { topic: WORK_PERMIT_TOPIC })).toBe(4);
    expect(await total('records_relayed', { topic: INBOUND })).toBe(4);
    await rollups.flush();
    expect(await total('events_accepted', accepted)).toBe(4);
    // Older than ROLLUP_RETENTION_DAYS (30): deleted by the write (this process has the audit role).
    expect(await total('events_accepted', { agency: 'old' })).toBe(0);
  });

  it('answers /metrics only with METRICS_TOKEN', async () => {
    const refused = await fetch(`${hub.url}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${TEST_WRONG_TOKEN}` } })).status).toBe(401);
  });

  it('keeps /health, and is ready only while its database takes connections', async () => {
    const health = (await (await fetch(`${hub.url}/health`)).json()) as Record<string, unknown>;
    expect(Object.keys(health).sort()).toEqual(['alarms', 'outbox', 'pid', 'status']);
    const ready = (): Promise<{ status: number; body: Record<string, unknown> }> =>
      fetch(`${hub.url}/health/ready`).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    expect(await ready()).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        details: { database: { status: 'up' }, kafka: { status: 'up' }, outbox: { status: 'up' }, dispatch: { status: 'up' } },
      },
    });

    const name = new URL(hub.databaseUrl).pathname.slice(1);
    // The test's own client stays connected (for the teardown); the hub's pool is cut off.
    const own = (await hub.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const server = new pg.Client({ connectionString: TEST_DATABASE_SERVER_URL });
    await server.connect();
    try {
      await server.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await server.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [name, own]);
      const down = await waitUntil('not ready', async () => {
        const answer = await ready();
        return answer.status === 503 && answer;
      });
      expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
      expect((await fetch(`${hub.url}/health/live`)).status).toBe(200);
    } finally {
      await server.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await server.end();
    }
    await waitUntil('ready again', async () => (await ready()).status === 200, 30_000);
  });
});

const TEST_WRONG_TOKEN = 'x'.repeat(64);
