import type { Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { AdminToken, UnauthenticatedError } from '../kernel/index.js';
import type { Agency, AgencyAuthenticator } from '../agencies/index.js';
import { loadHubConfig } from '../config/hub-config.js';
import { AgencyRateLimiter } from '../events/index.js';
import { admitRequest } from './admit-request.js';
import { UNIT_TEST_HUB_ENV } from '../config/unit-test-hub-env.js';

const TOKEN = 'unit-test-admin-token-0123456789abcdef';
const config = loadHubConfig({
  ...UNIT_TEST_HUB_ENV,
  ADMIN_TOKEN: TOKEN,
  REQUEST_RATE_PER_SECOND: '1',
  REQUEST_BURST: '3',
});

/** Knows one API key, of bureau-310000. */
const authenticator = {
  authenticate: (_socket: Socket, authorization: string | undefined): Agency => {
    if (authorization !== 'Bearer good-key') throw new UnauthenticatedError();
    return { id: 'bureau-310000' } as Agency;
  },
} as unknown as AgencyAuthenticator;

function request(url: string, authorization?: string): Request {
  return { url, headers: authorization === undefined ? {} : { authorization }, socket: {} } as unknown as Request;
}

describe('admitRequest', () => {
  const admit = (): ReturnType<typeof admitRequest> =>
    admitRequest({ authenticator, adminToken: new AdminToken(config), rateLimiter: new AgencyRateLimiter(config) });

  it('refuses a body without credentials before it is read, and lets a bodiless request on to its route', () => {
    const gate = admit();
    expect(gate(request('/v1/events'), true)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(gate(request('/v1/events', 'Bearer bad-key'), true)).toMatchObject({ status: 401 });
    expect(gate(request('/v1/events/abc'), false)).toBeUndefined();
    expect(gate(request('/v1/events/abc', 'Bearer bad-key'), false)).toBeUndefined();
  });

  it('asks for the admin token for bodies under /v1/admin', () => {
    const gate = admit();
    expect(gate(request('/v1/admin/agencies', 'Bearer good-key'), true)).toMatchObject({ status: 401 });
    expect(gate(request('/v1/admin/agencies', `Bearer ${TOKEN}`), true)).toBeUndefined();
    expect(gate(request('/v1/admin/agencies'), false)).toBeUndefined();
  });

  it("counts every request an agency's credentials authenticate, with or without a body", () => {
    const gate = admit();
    expect(gate(request('/v1/events', 'Bearer good-key'), true)).toBeUndefined();
    expect(gate(request('/v1/subscriptions', 'Bearer good-key'), false)).toBeUndefined();
    expect(gate(request('/v1/events', 'Bearer good-key'), true)).toBeUndefined();
    expect(gate(request('/v1/events', 'Bearer good-key'), true)).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 1 });
  });
});
