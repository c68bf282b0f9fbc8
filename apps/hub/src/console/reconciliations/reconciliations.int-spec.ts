import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@hub/persistence';
import { onboardAgency, TEST_ADMIN_TOKEN, TEST_AGENCIES, TEST_DATABASE_SERVER_URL, testHubEnvironment } from '@hub/testing';
import { loadHubConfig } from '../../config/hub-config.js';
import { createHubApp } from '../../create-hub-app.js';
import { addConsoleOperator, ConsoleClient } from '../testing/console-client.js';

/**
 * The agencies' reconciliation runs in the console over a real hub and database: two agencies
 * report runs through `POST /v1/reconciliations`; a viewer lists them newest first, one agency's,
 * and each agency's latest only, as the admin API does; a bad parameter is a 400 naming it.
 */
describe('console reconciliations', () => {
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;
  let viewer: ConsoleClient;
  let bureauKey: string;
  const post = (apiKey: string, body: Record<string, unknown>): Promise<Response> =>
    fetch(`${url}/v1/reconciliations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const agency = (id: string): (typeof TEST_AGENCIES)[number] & { contact: string } => ({
    ...(TEST_AGENCIES.find((one) => one.id === id) as (typeof TEST_AGENCIES)[number]),
    contact: 'ops@example.invalid',
  });
  const run = (finishedAt: string, outcome: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: randomUUID(),
    domain: 'work-permit',
    outcome,
    trigger: 'schedule',
    startedAt: new Date(Date.parse(finishedAt) - 60_000).toISOString(),
    finishedAt,
    agencyRecords: 120,
    hubRecords: 120,
    buckets: 16,
    differingBuckets: outcome === 'in-sync' ? 0 : 1,
    missing: outcome === 'in-sync' ? 0 : 2,
    extra: 0,
    different: 0,
    repaired: 0,
    remaining: outcome === 'in-sync' ? 0 : 2,
    ...extra,
  });

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'console_reconciliations');
    app = await createHubApp(loadHubConfig({ ...testHubEnvironment(database.url), HTTP_PORT: '0', HUB_ROLES: 'api,console' }));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'viewer1', role: 'viewer', password: 'viewer-password-1' });
    viewer = await ConsoleClient.logIn(url, 'viewer1', 'viewer-password-1');
    const report = async (apiKey: string, body: Record<string, unknown>): Promise<void> => {
      const answer = await post(apiKey, body);
      expect(answer.status).toBe(201);
    };
    const bureau = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('bureau-310000'));
    bureauKey = bureau.apiKey;
    const psb = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('psb-310000'));
    await report(
      bureau.apiKey,
      run('2026-12-01T02:00:00.000Z', 'differences', {
        from: '2026-10',
        to: '2026-11',
        psb: { psbRecords: 117, buckets: 16, differingBuckets: 2, missingAtPsb: 3, differentAtPsb: 1, extraAtPsb: 0 },
      }),
    );
    await report(bureau.apiKey, run('2026-12-02T02:00:00.000Z', 'in-sync', { psb: { error: 'public security answered 503' } }));
    await report(psb.apiKey, run('2026-12-01T03:00:00.000Z', 'failed', { error: 'the hub answered 503' }));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('lists every run newest first, one agency’s, and each agency’s latest', async () => {
    const all = await viewer.get('/console/api/reconciliations');
    expect(all.status).toBe(200);
    const runs = all.body['reconciliations'] as {
      agency: string;
      outcome: string;
      finishedAt: string;
      from: string | null;
      error: string | null;
      psb: unknown;
    }[];
    expect(runs.map((r) => [r.agency, r.outcome])).toEqual([
      ['bureau-310000', 'in-sync'],
      ['psb-310000', 'failed'],
      ['bureau-310000', 'differences'],
    ]);
    expect(runs[1]?.error).toBe('the hub answered 503');
    expect(runs[2]).toMatchObject({ from: '2026-10', to: '2026-11', missing: 2, remaining: 2 });
    expect(runs.map((r) => r.psb)).toEqual([
      { error: 'public security answered 503' },
      null,
      { psbRecords: 117, buckets: 16, differingBuckets: 2, missingAtPsb: 3, differentAtPsb: 1, extraAtPsb: 0 },
    ]);

    const bureau = (await viewer.get('/console/api/reconciliations?agency=bureau-310000')).body['reconciliations'] as unknown[];
    expect(bureau).toHaveLength(2);
    const latest = (await viewer.get('/console/api/reconciliations?latest=true')).body['reconciliations'] as {
      agency: string;
      outcome: string;
    }[];
    expect(latest.map((r) => [r.agency, r.outcome])).toEqual([
      ['bureau-310000', 'in-sync'],
      ['psb-310000', 'failed'],
    ]);
  });

  it('refuses a comparison with public security that lacks a count or has a bad one, naming the field, and stores nothing', async () => {
    const lacking = run('2026-12-03T02:00:00.000Z', 'in-sync', {
      psb: { psbRecords: 1, buckets: 1, differingBuckets: 0, missingAtPsb: 0, differentAtPsb: 0 },
    });
    const answer = await post(bureauKey, lacking);
    expect(answer.status).toBe(400);
    const lackingIssues = ((await answer.json()) as { error: { code: string; issues: { path: string; rule: string }[] } }).error;
    expect(lackingIssues.code).toBe('VALIDATION_FAILED');
    expect([...new Set(lackingIssues.issues.map((issue) => issue.path))]).toEqual(['psb.extraAtPsb']);
    expect(lackingIssues.issues.map((issue) => issue.rule)).toContain('isInt');
    const negative = run('2026-12-03T02:00:00.000Z', 'in-sync', {
      psb: { psbRecords: 1, buckets: 1, differingBuckets: 0, missingAtPsb: -1, differentAtPsb: 0, extraAtPsb: 0, replay: {} },
    });
    const refused = ((await (await post(bureauKey, negative)).json()) as { error: { issues: { path: string; rule: string }[] } }).error;
    expect(refused.issues.map((issue) => [issue.path, issue.rule]).sort()).toEqual([
      ['psb.missingAtPsb', 'min'],
      ['psb.replay', 'unknownField'],
    ]);
    const ids = ((await viewer.get('/console/api/reconciliations')).body['reconciliations'] as { id: string }[]).map((r) => r.id);
    expect(ids).not.toContain(lacking['id']);
    expect(ids).not.toContain(negative['id']);
  });

  it('refuses a bad parameter, naming it, and an unsigned caller', async () => {
    const bad = await viewer.get('/console/api/reconciliations?limit=5000');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'limit' });
    expect((await viewer.get('/console/api/reconciliations?agency=Not%20An%20Agency')).body).toMatchObject({ field: 'agency' });
    expect((await fetch(`${url}/console/api/reconciliations`)).status).toBe(401);
  });
});
