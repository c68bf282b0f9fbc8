import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadHubConfig } from '../../apps/hub/src/config/hub-config.js';
import { createHubApp } from '../../apps/hub/src/create-hub-app.js';
import { startHub, TEST_ADMIN_TOKEN, testHubEnvironment, type RunningApp } from '../support/running-apps.js';

/** A route of each HTTP feature, and what the `api` role answers to it (with the admin token as the only credential). */
const API_ROUTES: readonly { method: string; path: string; api: number }[] = [
  { method: 'GET', path: '/v1/admin/agencies', api: 200 },
  { method: 'POST', path: '/v1/admin/agencies', api: 400 },
  { method: 'GET', path: '/v1/admin/policy', api: 200 },
  { method: 'GET', path: '/v1/admin/audit/verify', api: 200 },
  { method: 'GET', path: '/v1/admin/subscriptions', api: 200 },
  { method: 'GET', path: '/v1/subscriptions', api: 401 },
  { method: 'GET', path: `/v1/subscriptions/${randomUUID()}/replays/${randomUUID()}`, api: 401 },
  { method: 'GET', path: '/v1/webhooks/signing-key', api: 200 },
  { method: 'GET', path: '/v1/admin/deliveries/dead-letters', api: 200 },
  { method: 'GET', path: '/v1/contracts', api: 200 },
  { method: 'GET', path: '/v1/events/not-a-uuid', api: 400 },
];

async function call(url: string, route: { readonly method: string; readonly path: string }): Promise<number> {
  const response = await fetch(`${url}${route.path}`, {
    method: route.method,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: route.method === 'POST' ? '{}' : undefined,
  });
  await response.arrayBuffer();
  return response.status;
}

/** A hub process with only `roles`, on `databaseUrl`, started without ADMIN_TOKEN. */
async function startWithoutAdminToken(databaseUrl: string, roles: string): Promise<{ app: INestApplication; url: string }> {
  const env: Record<string, string | undefined> = { ...testHubEnvironment(databaseUrl), ADMIN_TOKEN: undefined };
  const config = loadHubConfig({ ...env, HUB_ROLES: roles, RUN_MIGRATIONS: 'false', DISPATCH_CONSUMER_GROUP: `hub-roles-${randomUUID()}` });
  expect(config.ADMIN_TOKEN).toBeUndefined();
  const app = await createHubApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/**
 * Each role loads only its own modules: a process without the `api` role starts without
 * ADMIN_TOKEN and answers 404 on every API route (only `/health` and `/metrics` are served), while
 * the `api` role serves them all.
 */
describe('hub roles', () => {
  let api: RunningApp;
  const others: INestApplication[] = [];

  beforeAll(async () => {
    api = await startHub({ env: { HUB_ROLES: 'api' }, onboard: false });
  });
  afterAll(async () => {
    for (const app of others) await app.close();
    await api?.destroy();
  });

  it.each(['dispatch', 'relay', 'audit', 'ingest', 'relay,dispatch,audit,ingest'])(
    'HUB_ROLES=%s starts without ADMIN_TOKEN and serves no API route',
    async (roles) => {
      const { app, url } = await startWithoutAdminToken(api.databaseUrl, roles);
      others.push(app);
      expect(await call(url, { method: 'GET', path: '/health' })).toBe(200);
      const answers = await Promise.all(API_ROUTES.map(async (route) => ({ ...route, api: await call(url, route) })));
      expect(answers).toEqual(API_ROUTES.map((route) => ({ ...route, api: 404 })));
    },
  );

  it('the api role serves every API route', async () => {
    const answers = await Promise.all(API_ROUTES.map(async (route) => ({ ...route, api: await call(api.url, route) })));
    expect(answers).toEqual(API_ROUTES);
  });
});
