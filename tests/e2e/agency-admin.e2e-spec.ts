import { createHash, generateKeyPairSync } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HubError } from '@hub/contracts';
import { waitUntil } from '@hub/testing';
import { AgencyRegistry } from '../../apps/hub/src/agencies/agency-registry.js';
import { AUDIT_SINK, type AuditRecord, type AuditSink } from '../../apps/hub/src/audit/audit-sink.js';
import { PolicyService } from '../../apps/hub/src/policy/policy.service.js';
import { countRows, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> & { error?: { code: string; messageZh: string; issues?: { path: string; rule: string }[] } };
}

const SHANGHAI = {
  id: 'bureau-310000',
  kind: 'bureau',
  region: '310000',
  nameZh: '上海市外国专家局',
  nameEn: 'Shanghai Foreign Experts Bureau',
  contact: 'ops@example.gov.cn',
};
const pem = (alg: 'ed25519' | 'sm2'): string =>
  (alg === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'SM2' })).publicKey
    .export({ type: 'spki', format: 'pem' })
    .toString();

/** Error code of what `authenticateApiKey` throws, or 'ok'. */
function authenticate(registry: AgencyRegistry, key: string | undefined): string {
  try {
    registry.authenticateApiKey(key);
    return 'ok';
  } catch (error) {
    return error instanceof HubError ? `${error.code}: ${error.message}` : String(error);
  }
}

/**
 * The agency registry and the policy through the admin API, on a real hub and PostgreSQL: onboard
 * an agency, register and rotate its signing keys, issue and revoke API keys, change the policy;
 * every change audited, every refusal a 4xx that says what is wrong.
 */
describe('admin API: agencies, keys and policy', () => {
  let hub: RunningApp;
  let registry: AgencyRegistry;
  const audited: AuditRecord[] = [];

  async function admin(method: string, path: string, body?: unknown, token: string | null = TEST_ADMIN_TOKEN): Promise<Answer> {
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        'x-admin-id': 'e2e.tester',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }
  const issuesOf = (answer: Answer): string[] => (answer.body.error?.issues ?? []).map((issue) => `${issue.path}:${issue.rule}`);

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_ROLES: 'api' }, onboard: false });
    registry = hub.app.get(AgencyRegistry);
    // Stand in for the audit trail: record what the handlers hand to the sink.
    const sink = hub.app.get<AuditSink>(AUDIT_SINK);
    sink.record = (entry) => {
      audited.push(entry);
      return Promise.resolve();
    };
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  it('refuses a missing or wrong admin token with 401 and changes nothing', async () => {
    for (const token of [null, 'wrong-token', `${TEST_ADMIN_TOKEN}x`, TEST_ADMIN_TOKEN.slice(0, -1)]) {
      const list = await admin('GET', '/v1/admin/agencies', undefined, token);
      expect(list.status).toBe(401);
      expect(list.body.error?.code).toBe('UNAUTHENTICATED');
      expect(list.body.error?.messageZh).toMatch(/\p{Script=Han}/u);
      expect((await admin('POST', '/v1/admin/agencies', SHANGHAI, token)).status).toBe(401);
      expect((await admin('GET', '/v1/admin/policy', undefined, token)).status).toBe(401);
    }
    const basic = await fetch(`${hub.url}/v1/admin/agencies`, { headers: { authorization: `Basic ${TEST_ADMIN_TOKEN}` } });
    expect(basic.status).toBe(401);
    expect(await countRows(hub.db, 'agencies')).toBe(0);
  });

  it('refuses bad input with 400 and field paths', async () => {
    const bad = await admin('POST', '/v1/admin/agencies', {
      id: 'Bureau 31',
      kind: 'police',
      region: '310115',
      nameZh: '',
      contact: 7,
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION_FAILED');
    expect(issuesOf(bad)).toEqual(
      expect.arrayContaining([
        'id:matches',
        'kind:isIn',
        'region:isInCodeList',
        'nameZh:isLength',
        'nameEn:isString',
        'contact:isString',
        'extra:unknownField',
      ]),
    );
    const mismatch = await admin('POST', '/v1/admin/agencies', { ...SHANGHAI, region: '110000' });
    expect(issuesOf(mismatch)).toEqual(['id:matchesKindAndRegion']);
    expect(issuesOf(await admin('POST', '/v1/admin/agencies', { ...SHANGHAI, id: 'mfa', kind: 'mfa' }))).toEqual(['region:isNull']);
    expect(issuesOf(await admin('POST', '/v1/admin/agencies', { ...SHANGHAI, region: null }))).toEqual(['region:isDefined']);
    expect((await admin('POST', '/v1/admin/agencies', [SHANGHAI])).status).toBe(400);
    expect(await countRows(hub.db, 'agencies')).toBe(0);
  });

  it('onboards an agency once; 404 for an unknown one', async () => {
    const created = await admin('POST', '/v1/admin/agencies', SHANGHAI);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...SHANGHAI, status: 'active' });
    expect(registry.agency('bureau-310000')).toMatchObject({ kind: 'bureau', region: '310000', status: 'active' });

    const again = await admin('POST', '/v1/admin/agencies', SHANGHAI);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('CONFLICT');
    expect((await admin('POST', '/v1/admin/agencies', { ...SHANGHAI, id: 'mfa', kind: 'mfa', region: null })).status).toBe(201);

    expect((await admin('GET', '/v1/admin/agencies')).body['agencies']).toEqual([
      expect.objectContaining({ id: 'bureau-310000' }),
      expect.objectContaining({ id: 'mfa', region: null }),
    ]);
    const unknown = await admin('GET', '/v1/admin/agencies/psb-440000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('NOT_FOUND');
    expect(
      (await admin('POST', '/v1/admin/agencies/psb-440000/signing-keys', { keyId: 'k', alg: 'ed25519', publicKey: pem('ed25519') })).status,
    ).toBe(404);
    expect((await admin('POST', '/v1/admin/agencies/psb-440000/api-keys', {})).status).toBe(404);
    expect(audited.map((entry) => `${entry.actor} ${entry.action} ${entry.purpose}`)).toEqual([
      'admin:e2e.tester agency.onboarded agency-administration',
      'admin:e2e.tester kafka-credentials.created agency-administration',
      'admin:e2e.tester agency.onboarded agency-administration',
      'admin:e2e.tester kafka-credentials.created agency-administration',
    ]);
  });

  it('registers signing keys and rotates them: add the new key, retire the old, revoke with a reason', async () => {
    const oldKey = pem('ed25519');
    const added = await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys', {
      keyId: 'bureau-310000-2026-01',
      alg: 'ed25519',
      publicKey: oldKey,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ keyId: 'bureau-310000-2026-01', agencyId: 'bureau-310000', status: 'active', publicKey: oldKey });
    expect(registry.signingKey('bureau-310000-2026-01')).toEqual({
      agencyId: 'bureau-310000',
      alg: 'ed25519',
      publicKey: oldKey,
      status: 'active',
    });

    const wrongAlg = await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys', {
      keyId: 'x-1',
      alg: 'sm2-sm3',
      publicKey: pem('ed25519'),
    });
    expect(issuesOf(wrongAlg)).toEqual(['publicKey:isPublicKeyOfAlg']);
    expect(issuesOf(await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys', { keyId: 'Bad Id', alg: 'rsa' }))).toEqual([
      'keyId:matches',
      'alg:isIn',
      'publicKey:maxLength',
      'publicKey:isString',
    ]);
    const sameId = await admin('POST', '/v1/admin/agencies/mfa/signing-keys', {
      keyId: 'bureau-310000-2026-01',
      alg: 'ed25519',
      publicKey: pem('ed25519'),
    });
    expect(sameId.status).toBe(409);
    const sameKey = await admin('POST', '/v1/admin/agencies/mfa/signing-keys', { keyId: 'mfa-2026-01', alg: 'ed25519', publicKey: oldKey });
    expect(sameKey.status).toBe(409);

    const newKey = pem('sm2');
    expect(
      (
        await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys', {
          keyId: 'bureau-310000-2026-02',
          alg: 'sm2-sm3',
          publicKey: newKey,
        })
      ).status,
    ).toBe(201);
    const retired = await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys/bureau-310000-2026-01/retire', {});
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', retiredAt: expect.any(String), revokedAt: null });
    expect(registry.signingKey('bureau-310000-2026-01')?.status).toBe('retired');
    expect(registry.signingKey('bureau-310000-2026-02')).toMatchObject({ alg: 'sm2-sm3', status: 'active' });
    expect((await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys/bureau-310000-2026-01/retire', {})).status).toBe(409);
    expect((await admin('POST', '/v1/admin/agencies/mfa/signing-keys/bureau-310000-2026-01/retire', {})).status).toBe(404);

    expect(issuesOf(await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys/bureau-310000-2026-01/revoke', {}))).toEqual([
      'reason:isLength',
      'reason:isString',
    ]);
    const revoked = await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys/bureau-310000-2026-01/revoke', {
      reason: 'HSM decommissioned',
    });
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: 'HSM decommissioned', retiredAt: expect.any(String) });
    expect(registry.signingKey('bureau-310000-2026-01')?.status).toBe('revoked');
    expect(
      (await admin('POST', '/v1/admin/agencies/bureau-310000/signing-keys/bureau-310000-2026-01/revoke', { reason: 'again' })).status,
    ).toBe(409);
    expect(registry.signingKey('no-such-key')).toBeUndefined();

    const shown = await admin('GET', '/v1/admin/agencies/bureau-310000');
    expect((shown.body['signingKeys'] as { keyId: string; status: string }[]).map((key) => `${key.keyId} ${key.status}`)).toEqual([
      'bureau-310000-2026-01 revoked',
      'bureau-310000-2026-02 active',
    ]);
    expect(audited.slice(4).map((entry) => entry.action)).toEqual([
      'signing-key.added',
      'signing-key.added',
      'signing-key.retired',
      'signing-key.revoked',
    ]);
    expect(audited.at(-1)?.detail).toEqual({ agencyId: 'bureau-310000', keyId: 'bureau-310000-2026-01', reason: 'HSM decommissioned' });
  });

  it('creates an API key shown once, authenticates with it, and refuses it once revoked or expired', async () => {
    const created = await admin('POST', '/v1/admin/agencies/bureau-310000/api-keys', {});
    expect(created.status).toBe(201);
    const apiKey = created.body['apiKey'] as string;
    const prefix = created.body['prefix'] as string;
    expect(apiKey.startsWith(`${prefix}.`)).toBe(true);
    expect(created.body).toMatchObject({ agencyId: 'bureau-310000', status: 'active', expiresAt: expect.any(String) });

    const stored = await hub.db.query<{ hash: string }>('SELECT hash FROM agency_api_keys WHERE prefix = $1', [prefix]);
    expect(stored.rows[0]?.hash).toBe(createHash('sha256').update(apiKey).digest('hex'));
    const shown = JSON.stringify((await admin('GET', '/v1/admin/agencies/bureau-310000')).body);
    expect(shown).toContain(prefix);
    expect(shown).not.toContain(apiKey.slice(9));
    expect(shown).not.toContain(stored.rows[0]?.hash);

    expect(registry.authenticateApiKey(apiKey)).toMatchObject({ id: 'bureau-310000', kind: 'bureau' });
    const refusal = authenticate(registry, undefined);
    expect(refusal).toMatch(/^UNAUTHENTICATED: /);
    const lastAltered = `${apiKey.slice(0, -1)}${apiKey.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of ['', 'not-a-key', lastAltered, `zzzzzzzz${apiKey.slice(8)}`]) expect(authenticate(registry, wrong)).toBe(refusal);

    expect(issuesOf(await admin('POST', '/v1/admin/agencies/bureau-310000/api-keys', { expiresAt: '2020-01-01T00:00:00Z' }))).toEqual([
      'expiresAt:isFuture',
    ]);
    expect(issuesOf(await admin('POST', '/v1/admin/agencies/bureau-310000/api-keys', { expiresAt: 'tomorrow', scope: 'all' }))).toEqual([
      'scope:unknownField',
      'expiresAt:matches',
    ]);

    const revoked = await admin('POST', `/v1/admin/agencies/bureau-310000/api-keys/${prefix}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ prefix, status: 'revoked', revokedAt: expect.any(String) });
    expect(authenticate(registry, apiKey)).toBe(refusal);
    expect((await admin('POST', `/v1/admin/agencies/bureau-310000/api-keys/${prefix}/revoke`, {})).status).toBe(409);
    expect((await admin('POST', '/v1/admin/agencies/bureau-310000/api-keys/aaaaaaaa/revoke', {})).status).toBe(404);
    expect(issuesOf(await admin('POST', '/v1/admin/agencies/bureau-310000/api-keys/aaaaaaaa/revoke', { reason: 'x' }))).toEqual([
      'reason:unknownField',
    ]);

    // A change made elsewhere (another hub process, or by hand) reaches this process through NOTIFY.
    const second = await admin('POST', '/v1/admin/agencies/mfa/api-keys', { expiresAt: '2099-01-01T00:00:00+08:00' });
    const secondKey = second.body['apiKey'] as string;
    expect(registry.authenticateApiKey(secondKey).id).toBe('mfa');
    await hub.db.query("UPDATE agency_api_keys SET expires_at = now() - interval '1 second' WHERE prefix = $1", [second.body['prefix']]);
    await waitUntil('the expired key to be refused', () => authenticate(registry, secondKey) === refusal);
    expect(audited.filter((entry) => entry.action.startsWith('api-key.')).map((entry) => entry.detail)).toEqual([
      { agencyId: 'bureau-310000', prefix, expiresAt: created.body['expiresAt'] },
      { agencyId: 'bureau-310000', prefix },
      expect.objectContaining({ agencyId: 'mfa' }),
    ]);
    expect(JSON.stringify(audited)).not.toContain(apiKey.slice(9));
  });

  it('stores a policy change as a new version, audited, and refuses invalid or stale ones', async () => {
    const policies = hub.app.get(PolicyService);
    const initial = await admin('GET', '/v1/admin/policy');
    expect(initial.status).toBe(200);
    const document = JSON.parse(readFileSync(resolve('config/policy/policy.v1.json'), 'utf8')) as Record<string, unknown> & {
      version: number;
      subscribe: unknown[];
    };
    // The file's version is the one in force at start; a change must raise it.
    const first = document.version;
    const next = first + 1;
    expect(initial.body).toMatchObject({
      version: first,
      changedBy: 'system:policy-file',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(initial.body['document']).toEqual(document);

    const unknownType = {
      ...document,
      version: next,
      subscribe: [{ agencyKinds: ['psb'], eventTypes: ['visa.stamped'], purpose: 'exit-entry-administration' }],
    };
    const invalid = await admin('PUT', '/v1/admin/policy', { reason: 'try', document: unknownType });
    expect(invalid.status).toBe(400);
    expect(issuesOf(invalid)).toEqual(['document.subscribe[0].eventTypes[0]:knownEventType']);
    expect(issuesOf(await admin('PUT', '/v1/admin/policy', { document: 'all' }))).toEqual([
      'reason:isLength',
      'reason:isString',
      'document:isObject',
    ]);
    const stale = await admin('PUT', '/v1/admin/policy', { reason: 'same version', document });
    expect(stale.status).toBe(409);

    const mfa = { id: 'mfa', kind: 'mfa', region: null, status: 'active' } as const;
    expect(policies.maySubscribe(mfa, 'work-permit.issued').allowed).toBe(false);
    const widened = {
      ...document,
      version: next,
      subscribe: [...document.subscribe, { agencyKinds: ['mfa'], eventTypes: ['work-permit.issued'], purpose: 'visa-administration' }],
    };
    const applied = await admin('PUT', '/v1/admin/policy', { reason: 'MFA needs issued permits for R visas', document: widened });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ version: next, changedBy: 'admin:e2e.tester', reason: 'MFA needs issued permits for R visas' });
    expect((await admin('GET', '/v1/admin/policy')).body).toMatchObject({ version: next, document: widened });
    expect(policies.maySubscribe(mfa, 'work-permit.issued')).toEqual({
      allowed: true,
      purpose: 'visa-administration',
      projection: 'mfa-visa-basis',
    });

    const versions = await hub.db.query<{ version: number; changed_by: string }>(
      'SELECT version, changed_by FROM policy_versions ORDER BY version',
    );
    expect(versions.rows).toEqual([
      { version: first, changed_by: 'system:policy-file' },
      { version: next, changed_by: 'admin:e2e.tester' },
    ]);
    expect(((await admin('GET', '/v1/admin/policy/versions')).body['versions'] as unknown[]).length).toBe(2);
    expect(audited.at(-1)).toMatchObject({
      actor: 'admin:e2e.tester',
      action: 'policy.changed',
      purpose: 'policy-administration',
      detail: { version: next, previousVersion: first, reason: 'MFA needs issued permits for R visas', sha256: applied.body['sha256'] },
    });
  });

  it('works through the hub CLI', async () => {
    const cliIn = (locale: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> =>
      promisify(execFile)(process.execPath, ['dist/scripts/hub-cli/cli.js', ...args], {
        env: {
          ...process.env,
          LC_ALL: '',
          LC_MESSAGES: '',
          LANG: locale,
          HUB_URL: hub.url,
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          HUB_ADMIN_ID: 'cli.tester',
        },
      });
    const cli = (...args: string[]): Promise<{ stdout: string; stderr: string }> => cliIn('en_US.UTF-8', ...args);
    const listed = JSON.parse((await cli('agencies', 'list')).stdout) as { agencies: { id: string }[] };
    expect(listed.agencies.map((agency) => agency.id)).toEqual(['bureau-310000', 'mfa']);
    const added = JSON.parse(
      (
        await cli(
          'agencies',
          'add',
          'psb-440000',
          '--name-zh',
          '广东省公安厅出入境管理局',
          '--name-en',
          'Guangdong PSB',
          '--contact',
          'ops',
        )
      ).stdout,
    ) as Record<string, unknown>;
    expect(added).toMatchObject({ id: 'psb-440000', kind: 'psb', region: '440000' });
    const created = await cli('api-keys', 'create', 'psb-440000');
    expect(created.stderr).toContain('shown this once');
    expect(registry.authenticateApiKey((JSON.parse(created.stdout) as { apiKey: string }).apiKey).id).toBe('psb-440000');
    const fileVersion = (JSON.parse(readFileSync(resolve('config/policy/policy.v1.json'), 'utf8')) as { version: number }).version;
    // The earlier test stored the file's version and one more.
    expect((JSON.parse((await cli('policy', 'show')).stdout) as { version: number }).version).toBe(fileVersion + 1);
    const refused = await cli('agencies', 'show', 'psb-110000').catch((error: unknown) => error as { code: number; stderr: string });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('HTTP 404 NOT_FOUND') });
    expect(audited.at(-1)).toMatchObject({ actor: 'admin:cli.tester', action: 'api-key.created' });

    // In Chinese when the locale is Chinese (the hub's own refusal text included), unless --lang says otherwise.
    const inChinese = await cliIn('zh_CN.UTF-8', 'api-keys', 'create', 'psb-440000');
    expect(inChinese.stderr).toContain('只显示这一次');
    const refusedInChinese = await cliIn('zh_CN.UTF-8', 'agencies', 'show', 'psb-110000').catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(refusedInChinese).toMatchObject({ code: 1, stderr: expect.stringContaining('HTTP 404 NOT_FOUND: 未找到所请求的记录') });
    const forcedEnglish = await cliIn('zh_CN.UTF-8', '--lang', 'en', 'agencies', 'show', 'psb-110000').catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(forcedEnglish).toMatchObject({ code: 1, stderr: expect.not.stringContaining('未找到') });
    const chineseHelp = await cliIn('en_US.UTF-8', '--lang=zh', '--help');
    expect(chineseHelp.stdout).toContain('用法：');
    expect(chineseHelp.stdout).toContain('接入机构并查询机构');
  });
});
