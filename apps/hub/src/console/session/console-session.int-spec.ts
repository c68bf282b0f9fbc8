import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@hub/persistence';
import { TEST_ADMIN_TOKEN, TEST_DATABASE_SERVER_URL, testHubEnvironment } from '@hub/testing';
import { DataSource } from 'typeorm';
import { loadHubConfig } from '../../config/hub-config.js';
import { createHubApp } from '../../create-hub-app.js';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/**
 * Console sessions through the real hub over HTTP: accounts made by the admin API, login with the
 * scrypt-hashed password, the cookie's attributes, CSRF on changes, logout, idle expiry, disabled
 * accounts, the login throttle, and the web app's files with their fallback.
 */
describe('console sessions', () => {
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;
  let webDir: string;
  let linkage: Server;
  const linkageCalls: { url: string; authorization?: string; purpose?: string }[] = [];

  const call = async (path: string, init: RequestInit & { cookie?: string; csrf?: string } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) };
    if (init.cookie) headers['cookie'] = init.cookie;
    if (init.csrf) headers['x-csrf-token'] = init.csrf;
    const response = await fetch(`${url}${path}`, { ...init, headers, redirect: 'manual' });
    const text = await response.text();
    return {
      status: response.status,
      body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
      headers: response.headers,
    };
  };
  const admin = (path: string, body?: unknown): Promise<Response> =>
    fetch(`${url}/v1/admin/console-operators${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-admin-id': 'spec-admin' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const logIn = async (username: string, password: string): Promise<{ cookie: string; csrf: string; answer: Answer }> => {
    const answer = await call('/console/api/session', { method: 'POST', body: JSON.stringify({ username, password }) });
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return { cookie, csrf: String(answer.body['csrfToken']), answer };
  };

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'console_sessions');
    webDir = mkdtempSync(join(tmpdir(), 'console-web-'));
    // The linkage service's stand-in: one case naming a person, and a CSV export.
    linkage = createServer((request, response) => {
      linkageCalls.push({
        url: request.url ?? '',
        authorization: request.headers.authorization,
        purpose: request.headers['x-purpose'] as string,
      });
      if ((request.url ?? '').startsWith('/v1/reports/monthly/export')) {
        response
          .writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="report.csv"' })
          .end('province,cases\n310000,4\n');
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ items: [{ id: 'c1', subject: 'sub_0123456789abcdef0123456789abcdef', state: 'open' }] }));
    });
    await new Promise<void>((resolve) => linkage.listen(0, '127.0.0.1', resolve));
    app = await createHubApp(
      loadHubConfig({
        ...testHubEnvironment(database.url),
        HUB_ROLES: 'api,console',
        CONSOLE_WEB_DIR: webDir,
        CONSOLE_LOGIN_MAX_FAILURES: '3',
        LINKAGE_URL: `http://127.0.0.1:${(linkage.address() as AddressInfo).port}`,
        LINKAGE_TOKEN: 'linkage-token-for-console',
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    expect((await admin('', { username: 'li.na', displayName: '李娜', role: 'operator', password: 'operator-pass-0001' })).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    rmSync(webDir, { recursive: true, force: true });
    await new Promise((resolve) => linkage?.close(resolve));
  });

  it('logs in with the right password only, answering the same for an unknown user, and sets a strict HttpOnly cookie', async () => {
    const wrong = await call('/console/api/session', {
      method: 'POST',
      body: JSON.stringify({ username: 'li.na', password: 'not-the-pass-0001' }),
    });
    const unknown = await call('/console/api/session', {
      method: 'POST',
      body: JSON.stringify({ username: 'nobody', password: 'not-the-pass-0001' }),
    });
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ code: 'INVALID_CREDENTIALS', message: { en: expect.any(String), zh: expect.any(String) } });
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    const { cookie, csrf, answer } = await logIn('li.na', 'operator-pass-0001');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ operator: { username: 'li.na', displayName: '李娜', role: 'operator' }, csrfToken: csrf });
    expect(answer.headers.get('set-cookie')).toMatch(
      /^hub_console_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/console; HttpOnly; SameSite=Strict$/,
    );
    const current = await call('/console/api/session', { cookie });
    expect(current.body).toEqual({ operator: { username: 'li.na', displayName: '李娜', role: 'operator' }, csrfToken: csrf });
    const stored = await app
      .get(DataSource)
      .query<{ password_hash: string }[]>(`SELECT password_hash FROM console_operators WHERE username = 'li.na'`);
    expect(stored[0]?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('refuses a change without the session CSRF token, logs out with it, and the cookie then opens nothing', async () => {
    const { cookie, csrf } = await logIn('li.na', 'operator-pass-0001');
    const noToken = await call('/console/api/session', { method: 'DELETE', cookie });
    expect(noToken.status).toBe(403);
    expect(noToken.body['code']).toBe('CSRF_TOKEN_MISMATCH');
    const otherToken = await call('/console/api/session', { method: 'DELETE', cookie, csrf: 'x'.repeat(43) });
    expect(otherToken.status).toBe(403);
    expect((await call('/console/api/session', { cookie })).status).toBe(200);
    expect((await call('/console/api/session', { method: 'DELETE', cookie, csrf })).status).toBe(204);
    const after = await call('/console/api/session', { cookie });
    expect(after.status).toBe(401);
    expect(after.body['code']).toBe('UNAUTHENTICATED');
    expect((await call('/console/api/overview')).status).toBe(401);
  });

  it('ends a session idle past CONSOLE_SESSION_IDLE_MINUTES and every session of a disabled operator', async () => {
    const idle = await logIn('li.na', 'operator-pass-0001');
    const busy = await logIn('li.na', 'operator-pass-0001');
    await app.get(DataSource).query(
      `UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes'
        WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
      [idle.cookie.split('=')[1]],
    );
    expect((await call('/console/api/session', { cookie: idle.cookie })).status).toBe(401);
    expect((await call('/console/api/session', { cookie: busy.cookie })).status).toBe(200);
    expect((await admin('/li.na/disable', {})).status).toBe(200);
    expect((await call('/console/api/session', { cookie: busy.cookie })).status).toBe(401);
    expect((await logIn('li.na', 'operator-pass-0001')).answer.status).toBe(401);
    const reset = await admin('/li.na/password', {});
    const { generatedPassword } = (await reset.json()) as { generatedPassword: string };
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await logIn('li.na', generatedPassword)).answer.status).toBe(200);
  });

  it('refuses further logins for a name after CONSOLE_LOGIN_MAX_FAILURES failures with 429 and Retry-After', async () => {
    expect((await admin('', { username: 'wang.fang', displayName: '王芳', role: 'viewer', password: 'viewer-pass-00001' })).status).toBe(
      201,
    );
    for (let i = 0; i < 3; i += 1) expect((await logIn('wang.fang', `wrong-pass-${i}xxxxx`)).answer.status).toBe(401);
    const limited = await logIn('wang.fang', 'viewer-pass-00001');
    expect(limited.answer.status).toBe(429);
    expect(limited.answer.body['code']).toBe('RATE_LIMITED');
    expect(Number(limited.answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('serves a page saying the console is not built, then the built app with index.html for its routes', async () => {
    const missing = await fetch(`${url}/console/`);
    expect(missing.status).toBe(200);
    expect(await missing.text()).toContain('The console is not built');
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>console</title><div id="app"></div>');
    const route = await fetch(`${url}/console/dead-letters`);
    expect(await route.text()).toContain('<div id="app">');
    expect(route.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(`${url}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    expect((await fetch(`${url}/console/api/nothing-here`)).status).toBe(404);
  });

  it('answers the overview from rollups and the outbox', async () => {
    expect((await admin('', { username: 'zhao.lei', displayName: '赵磊', role: 'auditor', password: 'auditor-pass-0001' })).status).toBe(
      201,
    );
    const session = (await logIn('zhao.lei', 'auditor-pass-0001')).cookie;
    const overview = await call('/console/api/overview?range=24h', { cookie: session });
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      hub: { roles: ['api', 'console'], version: expect.any(String) },
      totals: { accepted: 0, delivered: 0, deadLetters: 0 },
      outbox: { backlog: 0, oldestAgeSeconds: 0 },
      audit: { verified: expect.any(Boolean) },
    });
    const bad = await call('/console/api/overview?range=2y', { cookie: session });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'range' });
  });

  it('reads cases and reports from the linkage service with its key and purpose, masking identifiers for all but operators', async () => {
    expect((await admin('', { username: 'sun.li', displayName: '孙丽', role: 'viewer', password: 'viewer-pass-00002' })).status).toBe(201);
    const session = (await logIn('sun.li', 'viewer-pass-00002')).cookie;
    const cases = await call('/console/api/cases?state=open&region=310000&rule=residence-review', { cookie: session });
    expect(cases.status).toBe(200);
    expect(cases.body).toEqual({ items: [{ id: 'c1', subject: 'sub****ef', state: 'open' }] });
    expect(linkageCalls[0]).toEqual({
      url: '/v1/cases?state=open&kind=residence-review&province=310000',
      authorization: 'Bearer linkage-token-for-console',
      purpose: 'ops-console',
    });
    const exported = await fetch(`${url}/console/api/reports/monthly/export?month=2026-11&region=310000`, { headers: { cookie: session } });
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="report.csv"');
    expect(await exported.text()).toBe('province,cases\n310000,4\n');
    expect(linkageCalls[1]?.url).toBe('/v1/reports/monthly/export?province=310000&from=2026-11&to=2026-11&format=csv');
  });
});
