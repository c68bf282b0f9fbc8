import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from '@jest/globals';
import { loadHubConfig } from '../config/hub-config.js';
import { AdminToken, AdminTokenGuard } from './admin-token.guard.js';
import { UnauthenticatedError } from './admin.errors.js';
import { UNIT_TEST_HUB_ENV } from '../config/unit-test-hub-env.js';

const env = UNIT_TEST_HUB_ENV;
const TOKEN = 'unit-test-admin-token-0123456789abcdef';

function requestWith(authorization?: string): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe('admin token', () => {
  it('is required for the admin API, and at least 32 characters', () => {
    expect(() => new AdminToken(loadHubConfig(env))).toThrow(/ADMIN_TOKEN: required when HUB_ROLES includes api/);
    expect(() => loadHubConfig({ ...env, ADMIN_TOKEN: 'short' })).toThrow(
      /ADMIN_TOKEN: ADMIN_TOKEN must be longer than or equal to 32 characters/,
    );
    expect(loadHubConfig({ ...env, HUB_ROLES: 'relay' }).ADMIN_TOKEN).toBeUndefined();
  });

  it('lets only the exact bearer token through', () => {
    const guard = new AdminTokenGuard(new AdminToken(loadHubConfig({ ...env, ADMIN_TOKEN: TOKEN })));
    expect(guard.canActivate(requestWith(`Bearer ${TOKEN}`))).toBe(true);
    expect(guard.canActivate(requestWith(`bearer ${TOKEN}`))).toBe(true);
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(1)}`,
      `Bearer ${TOKEN} extra`,
    ]) {
      expect(() => guard.canActivate(requestWith(header))).toThrow(UnauthenticatedError);
    }
  });
});
