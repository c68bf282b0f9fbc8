import http, { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { blockedAddressReason, parseAllowlistEntry } from './address-ranges.js';
import { postWebhook } from './post-webhook.js';
import { TARGET_REFUSED, WebhookTargetGuard, type HostResolver } from './webhook-target-guard.js';

describe('blockedAddressReason: which addresses a webhook may not reach', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fec0::1', 'site-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['2002:7f00:1::', '6to4'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['192.0.2.1', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(blockedAddressReason(address)).toContain(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '223.255.255.255',
    '2400:3200::1',
    '::ffff:8.8.8.8',
    '2606:4700::1111',
  ])('lets the public address %s through', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });

  it('reads allowlist entries: host names, addresses and CIDR ranges, nothing else', () => {
    expect(parseAllowlistEntry('127.0.0.1')).toEqual({ network: '127.0.0.1', prefix: 32 });
    expect(parseAllowlistEntry('10.1.0.0/16')).toEqual({ network: '10.1.0.0', prefix: 16 });
    expect(parseAllowlistEntry('::1')).toEqual({ network: '::1', prefix: 128 });
    expect(parseAllowlistEntry('fd00::/8')).toEqual({ network: 'fd00::', prefix: 8 });
    expect(parseAllowlistEntry('Receiver.Agency.example.')).toEqual({ host: 'receiver.agency.example' });
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/x', 'a/b/c', 'host name', '', 'http://x', 'host/8'])
      expect(parseAllowlistEntry(bad)).toBeUndefined();
    expect(() => WebhookTargetGuard.fromEntries(['127.0.0.1', '10.0.0.0/33'])).toThrow(/"10.0.0.0\/33" is not a host name/);
  });
});

const resolvingTo =
  (...addresses: string[]): HostResolver =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('WebhookTargetGuard at subscription time', () => {
  it('refuses literal and resolved non-public addresses, naming the address and why', async () => {
    const guard = new WebhookTargetGuard([], resolvingTo('93.184.216.34', '127.0.0.1'));
    expect(await guard.refusal(new URL('https://127.0.0.1:5432/'))).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(await guard.refusal(new URL('https://[::ffff:127.0.0.1]/'))).toContain('loopback');
    expect(await guard.refusal(new URL('https://2130706433/'))).toContain('loopback');
    expect(await guard.refusal(new URL('http://169.254.169.254/latest/meta-data/'))).toContain('metadata');
    expect(await guard.refusal(new URL('https://agency.example/hook'))).toMatch(
      /agency\.example resolves to 127\.0\.0\.1, which is a loopback address/,
    );
    expect(await new WebhookTargetGuard([], resolvingTo('93.184.216.34')).refusal(new URL('https://agency.example/'))).toBeUndefined();
    const unresolvable = new WebhookTargetGuard([], () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })));
    expect(await unresolvable.refusal(new URL('https://nowhere.invalid/'))).toContain('does not resolve (ENOTFOUND)');
  });

  it('lets through what the allowlist names: an address, a range or a host name', async () => {
    const guard = WebhookTargetGuard.fromEntries(['127.0.0.0/8', 'receiver.internal'], resolvingTo('10.0.0.5'));
    expect(await guard.refusal(new URL('https://127.0.0.1:5432/'))).toBeUndefined();
    expect(await guard.refusal(new URL('https://[::ffff:127.0.0.1]/'))).toBeUndefined();
    expect(await guard.refusal(new URL('https://receiver.internal/'))).toBeUndefined();
    expect(await guard.refusal(new URL('https://other.internal/'))).toContain('resolves to 10.0.0.5, which is a private address');
  });
});

describe('WebhookTargetGuard at delivery time', () => {
  let server: Server;
  let port = 0;
  let requests = 0;
  const agents = { http: new http.Agent(), https: new https.Agent() };
  const options = { timeoutMs: 2_000, maxResponseBytes: 1024, agents };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agents.http.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a literal loopback endpoint without connecting, and connects once it is allowed', async () => {
    const before = requests;
    const refused = await postWebhook(new URL(`http://127.0.0.1:${port}/`), '{}', {}, { ...options, guard: new WebhookTargetGuard() });
    expect(refused).toMatchObject({ kind: 'failure', errorCode: TARGET_REFUSED });
    expect(requests).toBe(before);
    const allowed = await postWebhook(
      new URL(`http://127.0.0.1:${port}/`),
      '{}',
      {},
      {
        ...options,
        guard: WebhookTargetGuard.fromEntries(['127.0.0.1']),
      },
    );
    expect(allowed).toMatchObject({ kind: 'response', status: 200 });
  });

  it('refuses a host name that now resolves to loopback (DNS rebinding) and connects to the address it checked', async () => {
    let answers = ['93.184.216.34', '127.0.0.1'];
    const rebinding: HostResolver = () => {
      const address = answers[0] ?? '127.0.0.1';
      answers = answers.slice(1);
      return Promise.resolve([{ address, family: 4 }]);
    };
    const guard = new WebhookTargetGuard([], rebinding);
    const url = new URL(`http://rebind.example:${port}/`);
    expect(await guard.refusal(url)).toBeUndefined();
    const before = requests;
    const exchange = await postWebhook(url, '{}', {}, { ...options, guard });
    expect(exchange).toMatchObject({ kind: 'failure', errorCode: TARGET_REFUSED });
    expect(exchange.kind === 'failure' && exchange.message).toContain('rebind.example resolves to 127.0.0.1');
    expect(requests).toBe(before);

    // Allowed, the connection goes to the resolved address, whatever the name: here the local receiver.
    const allowedGuard = WebhookTargetGuard.fromEntries(['127.0.0.1'], resolvingTo('127.0.0.1'));
    expect(await postWebhook(url, '{}', {}, { ...options, guard: allowedGuard })).toMatchObject({ kind: 'response', status: 200 });
  });
});
