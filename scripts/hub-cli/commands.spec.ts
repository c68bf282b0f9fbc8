import { describe, expect, it } from '@jest/globals';
import { toRequest, UsageError } from './commands.js';

const files: Record<string, string> = {
  'key.pem': '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
  'policy.json': '{"version": 2}',
  'sub.json': '{"name":"permits","eventTypes":[{"type":"work-permit.issued"}],"channels":{"kafka":true}}',
  'req.csr': '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n',
};
const read = (path: string): Promise<string> =>
  path in files ? Promise.resolve(files[path] ?? '') : Promise.reject(new Error(`no ${path}`));
const request = (line: string): ReturnType<typeof toRequest> => toRequest(line.split(' '), read);

describe('hub CLI commands', () => {
  it('onboards with kind and region taken from the id', async () => {
    await expect(request('agencies add bureau-310000 --name-zh 上海 --name-en Shanghai --contact ops')).resolves.toEqual({
      method: 'POST',
      path: '/v1/admin/agencies',
      body: { id: 'bureau-310000', kind: 'bureau', region: '310000', nameZh: '上海', nameEn: 'Shanghai', contact: 'ops' },
    });
    expect((await request('agencies add mfa --name-zh 外交部 --name-en MFA --contact ops')).body).toMatchObject({
      kind: 'mfa',
      region: null,
    });
  });

  it('maps each command to its admin API call', async () => {
    expect(await request('agencies list')).toEqual({ method: 'GET', path: '/v1/admin/agencies' });
    expect(await request('agencies show psb-440000')).toEqual({ method: 'GET', path: '/v1/admin/agencies/psb-440000' });
    expect(await request('keys add mfa mfa-2026 --alg ed25519 --public-key-file key.pem')).toEqual({
      method: 'POST',
      path: '/v1/admin/agencies/mfa/signing-keys',
      body: { keyId: 'mfa-2026', alg: 'ed25519', publicKey: files['key.pem'] },
    });
    expect(await request('keys retire mfa mfa-2026')).toMatchObject({
      path: '/v1/admin/agencies/mfa/signing-keys/mfa-2026/retire',
      body: {},
    });
    expect(await request('keys revoke mfa mfa-2026 --reason leaked')).toMatchObject({ body: { reason: 'leaked' } });
    expect(await request('api-keys create mfa --expires-at 2030-01-01T00:00:00Z')).toMatchObject({
      body: { expiresAt: '2030-01-01T00:00:00Z' },
    });
    expect(await request('api-keys revoke mfa abcdefgh')).toMatchObject({ path: '/v1/admin/agencies/mfa/api-keys/abcdefgh/revoke' });
    expect(await request('policy show')).toEqual({ method: 'GET', path: '/v1/admin/policy' });
    expect(await request('policy apply policy.json --reason tighten')).toEqual({
      method: 'PUT',
      path: '/v1/admin/policy',
      body: { reason: 'tighten', document: { version: 2 } },
    });
  });

  it('issues, lists and revokes client certificates', async () => {
    expect(await request('certs issue psb-440000 --csr-file req.csr --valid-days 90')).toEqual({
      method: 'POST',
      path: '/v1/admin/agencies/psb-440000/certificates',
      body: { csr: files['req.csr'], validDays: 90 },
    });
    expect((await request('certs issue psb-440000 --csr-file req.csr')).body).toEqual({ csr: files['req.csr'] });
    expect(await request('certs list psb-440000')).toEqual({ method: 'GET', path: '/v1/admin/agencies/psb-440000/certificates' });
    expect(await request('certs revoke psb-440000 0a1b2c --reason leaked')).toEqual({
      method: 'POST',
      path: '/v1/admin/agencies/psb-440000/certificates/0a1b2c/revoke',
      body: { reason: 'leaked' },
    });
  });

  it('lists, shows and resolves record conflicts', async () => {
    expect(await request('conflicts list --state open --agency bureau-110000 --limit 5')).toEqual({
      method: 'GET',
      path: '/v1/admin/record-conflicts?state=open&agency=bureau-110000&limit=5',
    });
    expect(await request('conflicts show c-1')).toEqual({ method: 'GET', path: '/v1/admin/record-conflicts/c-1' });
    expect(await toRequest(['conflicts', 'resolve', 'c-1', 'keep-current', '--note', 'no transfer on file'], read)).toEqual({
      method: 'POST',
      path: '/v1/admin/record-conflicts/c-1/resolve',
      body: { resolution: 'keep-current', note: 'no transfer on file' },
    });
    await expect(request('conflicts resolve c-1 last-writer-wins --note x')).rejects.toThrow('accept-incoming or keep-current');
    await expect(request('conflicts resolve c-1 keep-current')).rejects.toThrow('--note');
  });

  it('lists subscriptions and works the webhook dead letters', async () => {
    expect(await request('subscriptions list --agency psb-310000')).toEqual({
      method: 'GET',
      path: '/v1/admin/subscriptions?agency=psb-310000',
    });
    expect((await request('deliveries dead-letters --agency credit --reason REJECTED_BY_RECEIVER --limit 10')).path).toBe(
      '/v1/admin/deliveries/dead-letters?agencyId=credit&reason=REJECTED_BY_RECEIVER&limit=10',
    );
    expect((await request('deliveries unacknowledged')).path).toBe('/v1/admin/deliveries/unacknowledged');
    expect(await request('deliveries show d-1')).toEqual({ method: 'GET', path: '/v1/admin/deliveries/d-1' });
    expect(await request('deliveries redrive d-1')).toEqual({
      method: 'POST',
      path: '/v1/admin/deliveries/redrive',
      body: { deliveryId: 'd-1' },
    });
    expect(await request('deliveries discard d-1 --reason obsolete')).toEqual({
      method: 'POST',
      path: '/v1/admin/deliveries/discard',
      body: { deliveryId: 'd-1', reason: 'obsolete' },
    });
  });

  it('redrives and discards --all or a filter in chunks, 100 per request unless --chunk says otherwise', async () => {
    expect(await request('deliveries redrive --all')).toEqual({
      method: 'POST',
      path: '/v1/admin/deliveries/redrive',
      body: { all: true },
      chunked: { size: 100, label: 'redriving', countKey: 'redriven' },
    });
    expect(await request('deliveries redrive --agency credit --event-type work-permit.issued --chunk 1')).toEqual({
      method: 'POST',
      path: '/v1/admin/deliveries/redrive',
      body: { filter: { agencyId: 'credit', eventType: 'work-permit.issued' } },
      chunked: { size: 1, label: 'redriving', countKey: 'redriven' },
    });
    expect(await request('deliveries discard --subscription s-1 --reason obsolete --chunk 1000')).toEqual({
      method: 'POST',
      path: '/v1/admin/deliveries/discard',
      body: { filter: { subscriptionId: 's-1' }, reason: 'obsolete' },
      chunked: { size: 1000, label: 'discarding', countKey: 'discarded' },
    });
  });

  it('refuses a --chunk that is not 1 to 1000, or one given with a single delivery id', async () => {
    for (const chunk of ['0', '1001', '2.5', '-3', 'ten', '']) {
      await expect(toRequest(['deliveries', 'redrive', '--all', `--chunk=${chunk}`], read)).rejects.toThrow(
        '--chunk must be a whole number from 1 to 1000.',
      );
    }
    await expect(request('deliveries redrive d-1 --chunk 5')).rejects.toThrow('--chunk goes with --all or filters');
    await expect(request('deliveries discard d-1 --reason obsolete --chunk 5')).rejects.toBeInstanceOf(UsageError);
  });

  it('lets an agency manage and replay its own subscriptions with its API key', async () => {
    expect(await request('subscriptions create --file sub.json')).toEqual({
      method: 'POST',
      path: '/v1/subscriptions',
      body: { name: 'permits', eventTypes: [{ type: 'work-permit.issued' }], channels: { kafka: true } },
      as: 'agency',
    });
    expect(await request('subscriptions mine')).toEqual({ method: 'GET', path: '/v1/subscriptions', as: 'agency' });
    expect(await request('subscriptions pause s-1')).toEqual({ method: 'POST', path: '/v1/subscriptions/s-1/pause', as: 'agency' });
    expect(await request('subscriptions delete s-1')).toEqual({ method: 'DELETE', path: '/v1/subscriptions/s-1', as: 'agency' });
    expect(await request('subscriptions replay s-1 --from-sequence 20')).toMatchObject({
      path: '/v1/subscriptions/s-1/replays',
      body: { fromSequence: 20 },
    });
    expect((await request('subscriptions replay s-1 --from-time 2026-11-01T00:00:00+08:00')).body).toEqual({
      fromTime: '2026-11-01T00:00:00+08:00',
    });
    expect((await request('subscriptions replay-status s-1 r-1')).path).toBe('/v1/subscriptions/s-1/replays/r-1');
    expect((await request('subscriptions unacknowledged s-1 --after 10 --limit 5')).path).toBe(
      '/v1/subscriptions/s-1/unacknowledged?after=10&limit=5',
    );
  });

  it('verifies the audit trail and fails when the report is not ok', async () => {
    const live = await request('audit verify');
    expect(live).toMatchObject({ method: 'GET', path: '/v1/admin/audit/verify' });
    expect((await request('audit verify --include-archive')).path).toBe('/v1/admin/audit/verify?includeArchive=true');
    expect(live.reportsProblem?.({ ok: true })).toBe(false);
    expect(live.reportsProblem?.({ ok: false, problem: { seq: 7 } })).toBe(true);
    expect(live.reportsProblem?.(undefined)).toBe(true);
  });

  it('refuses incomplete or unknown commands with a usage error', async () => {
    for (const line of [
      'agencies show',
      'keys revoke mfa k1',
      'policy apply missing.json --reason x',
      'agencies fly',
      'policy show --colour red',
      'certs issue mfa',
      'certs issue mfa --csr-file req.csr --valid-days soon',
      'certs revoke mfa 0a1b2c',
      'certs issue mfa --csr-file missing.csr',
      'audit verify --include-archive yes',
      'deliveries redrive',
      'deliveries redrive d-1 --all',
      'deliveries discard --all',
      'subscriptions create --file missing.json',
      'subscriptions create --file policy.json --extra',
      'subscriptions replay s-1',
      'subscriptions replay s-1 --from-sequence 0',
    ]) {
      await expect(request(line)).rejects.toBeInstanceOf(UsageError);
    }
  });
});
