import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@hub/contracts';
import { repoRoot } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent, parsePrometheusText, signedByItsAgency, sumOf, TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import pg from 'pg';
import { freePort, pidsServing, requestOnNewConnection, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { apiKeyOf, onboardTestAgencies } from '../support/running-apps.js';

const WORK_PERMIT_TOPIC = EVENT_CATALOGUE.find((entry) => entry.type === 'work-permit.issued')?.topic ?? 'missing';

/**
 * HUB_API_PROCESSES=2: whichever API process answers `/metrics` on the shared port answers for the
 * whole hub. Events published on new connections (spread over both API processes) and relayed by
 * the process that runs the other roles (and serves no HTTP) are all counted in every answer.
 */
describe('metrics of the API in several processes', () => {
  const run = randomUUID().slice(0, 8);
  const logFile = join(repoRoot(), `.cache/test/logs/cluster-telemetry-${run}.log`);
  let database: { url: string; drop(): Promise<void> };
  let hub: HubProcess;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'cluster_telemetry');
    hub = await startHubProcess({
      databaseUrl: database.url,
      port: await freePort(),
      logFile,
      env: { HUB_API_PROCESSES: '2', METRICS_CACHE_MS: '0' },
    });
    await onboardTestAgencies(hub.url);
  });
  afterAll(async () => {
    await hub?.service.stop();
    await database?.drop();
  });

  it('counts every process in every answer', async () => {
    const apiProcesses = await pidsServing(hub.url, 2);
    expect(apiProcesses.size).toBe(2);
    for (let i = 0; i < 6; i += 1) {
      const answer = await requestOnNewConnection(`${hub.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-310000')}` },
        body: JSON.stringify(signedByItsAgency(aWorkPermitIssuedEvent())),
      });
      expect(answer.status).toBe(202);
    }
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      await waitUntil('the outbox drained', async () => (await db.query('SELECT 1 FROM outbox LIMIT 1')).rowCount === 0, 60_000);
    } finally {
      await db.end();
    }

    // The cluster hands new connections to its processes in turn: two scrapes and a /health each
    // round, so that both processes answer scrapes, and /health names them.
    const answeredBy = new Set<string>();
    for (let i = 0; i < 8; i += 1) {
      const answer = await requestOnNewConnection(`${hub.url}/metrics`);
      expect(answer.status).toBe(200);
      const samples = parsePrometheusText(answer.body);
      // Counted by the API processes, wherever each request landed.
      expect(sumOf(samples, 'hub_events_accepted_total', { agency: 'bureau-310000', event_type: 'work-permit.issued' })).toBe(6);
      expect(
        sumOf(samples, 'http_server_request_duration_seconds_count', { http_route: '/v1/events', http_response_status_code: '202' }),
      ).toBe(6);
      // Counted by the process of the other roles, which serves no HTTP.
      expect(sumOf(samples, 'messaging_client_sent_messages_total', { messaging_destination_name: WORK_PERMIT_TOPIC })).toBe(6);
      // Read from the database by every process, merged by maximum, not added up.
      expect(sumOf(samples, 'hub_outbox_pending_messages')).toBe(0);
      if (i % 2 === 0) continue;
      const health = await requestOnNewConnection(`${hub.url}/health`);
      answeredBy.add(String((JSON.parse(health.body) as { pid: number }).pid));
    }
    expect(answeredBy.size).toBe(2);
  }, 180_000);
});
