import { createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { AgencyProfile } from '@hub/testing';
import { DEMO_PROVINCES } from './demo-places.js';

/** The agencies that publish the demo's events: a bureau and public security per province, and the national ones. */
export const DEMO_AGENCIES: readonly AgencyProfile[] = [
  ...DEMO_PROVINCES.flatMap((p) => [
    agency(`bureau-${p.code}`, 'bureau', p.code, `${p.zh}外国专家局`, `${p.en} Foreign Experts Bureau`),
    agency(`psb-${p.code}`, 'psb', p.code, `${p.zh}公安局出入境管理局`, `${p.en} Exit-Entry Administration`),
  ]),
  agency('mfa', 'mfa', null, '外交部领事司', 'MFA Department of Consular Affairs'),
  agency('moe', 'moe', null, '教育部', 'Ministry of Education'),
  agency('tax', 'tax', null, '国家税务总局', 'State Taxation Administration'),
  agency('credit', 'credit', null, '信用监管部门', 'Credit supervision'),
];

function agency(id: string, kind: string, region: string | null, nameZh: string, nameEn: string): AgencyProfile {
  return { id, kind, region, nameZh, nameEn, contact: 'linkage-demo@example.invalid' };
}

/** The DER prefix of an Ed25519 private key in PKCS#8 (RFC 8410) before its 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A demo signing key: its id at the hub and the Ed25519 key pair. */
export interface DemoSigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * The agency's demo signing key, derived from the hub's admin token and the seed (HMAC-SHA-256), so
 * a second load signs every event exactly as the first did (Ed25519 signatures are deterministic)
 * and the hub sees duplicates, not conflicts; and no one without the admin token can derive it.
 */
export function demoSigningKey(agencyId: string, seed: number, adminToken: string): DemoSigningKey {
  const keySeed = createHmac('sha256', adminToken).update(`linkage-demo-signing-key|${agencyId}|${seed}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, keySeed]), format: 'der', type: 'pkcs8' });
  return { keyId: `${agencyId}-linkage-demo-${seed}`, privateKey, publicKey: createPublicKey(privateKey) };
}
