import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { agencyIdOf, parseAgencyId } from './agency.js';
import { API_KEY_FORMAT, generateApiKey, hashApiKey, sameHash } from './api-key-secret.js';
import { canonicalPublicKey } from './public-key.js';

describe('agency ids', () => {
  it('tie the id to kind and region', () => {
    expect(agencyIdOf('bureau', '310000')).toBe('bureau-310000');
    expect(agencyIdOf('psb', '440000')).toBe('psb-440000');
    expect(agencyIdOf('mfa', null)).toBe('mfa');
    expect(agencyIdOf('bureau', null)).toBeUndefined();
    expect(agencyIdOf('bureau', '310115')).toBeUndefined();
    expect(agencyIdOf('tax', '310000')).toBeUndefined();
    expect(parseAgencyId('bureau-310000')).toEqual({ kind: 'bureau', region: '310000' });
    expect(parseAgencyId('credit')).toEqual({ kind: 'credit', region: null });
    for (const bad of ['bureau', 'mfa-310000', 'bureau-990000', 'police-310000', 'BUREAU-310000'])
      expect(parseAgencyId(bad)).toBeUndefined();
  });
});

describe('API keys', () => {
  it('are a shown 8-character prefix and a 256-bit secret, stored only as SHA-256', () => {
    const first = generateApiKey();
    const second = generateApiKey();
    expect(first.key).toMatch(API_KEY_FORMAT);
    expect(first.key.startsWith(`${first.prefix}.`)).toBe(true);
    expect(Buffer.from(first.key.slice(9), 'base64url')).toHaveLength(32);
    expect(first.hash).toBe(hashApiKey(first.key));
    expect(first.hash).not.toContain(first.key.slice(9));
    expect(second.key).not.toBe(first.key);
    expect(sameHash(first.hash, hashApiKey(first.key))).toBe(true);
    expect(sameHash(first.hash, second.hash)).toBe(false);
    expect(sameHash(first.hash, 'not hex')).toBe(false);
  });
});

describe('canonicalPublicKey', () => {
  const pem = (key: ReturnType<typeof generateKeyPairSync>['publicKey']): string => key.export({ type: 'spki', format: 'pem' }).toString();
  const ed25519 = generateKeyPairSync('ed25519');
  const sm2 = generateKeyPairSync('ec', { namedCurve: 'SM2' });

  it('takes an SPKI PEM key of the named algorithm and re-encodes it', () => {
    expect(canonicalPublicKey('ed25519', `\n${pem(ed25519.publicKey)}\n`)).toEqual({ pem: pem(ed25519.publicKey) });
    expect(canonicalPublicKey('sm2-sm3', pem(sm2.publicKey))).toEqual({ pem: pem(sm2.publicKey) });
  });

  it('refuses keys of another algorithm, private keys and garbage, saying why', () => {
    expect(canonicalPublicKey('sm2-sm3', pem(ed25519.publicKey))).toEqual({ problem: 'publicKey is an ed25519 key, not an sm2-sm3 key' });
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(canonicalPublicKey('ed25519', pem(p256.publicKey))).toEqual({ problem: 'publicKey is another kind of key, not an ed25519 key' });
    const privatePem = ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(canonicalPublicKey('ed25519', privatePem)).toEqual({ problem: expect.stringContaining('private key') });
    expect(canonicalPublicKey('ed25519', 'hello')).toEqual({ problem: expect.stringContaining('SPKI PEM') });
  });
});
