import { createHash, randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import type { Agency } from './agency.js';
import { UnauthenticatedError } from '../kernel/index.js';
import type { AgencyRegistry } from './agency-registry.js';
import { AgencyAuthenticator, presentedCertificate, type PresentedCertificate } from './agency-authenticator.js';
import type { ClientCertificateRegistry, RegisteredCertificate } from '../tls/index.js';

const DAY_MS = 24 * 3600 * 1000;
const NOW = new Date('2026-11-26T09:30:00Z');

function agency(id: string, status: Agency['status'] = 'active'): Agency {
  const [kind, region] = id.split('-');
  return {
    id,
    kind: kind as Agency['kind'],
    region: region ?? null,
    nameZh: id,
    nameEn: id,
    contact: 'ops@example.invalid',
    status,
    createdAt: '',
    updatedAt: '',
  };
}

const AGENCIES = new Map([
  ['bureau-310000', agency('bureau-310000')],
  ['bureau-110000', agency('bureau-110000')],
  ['psb-310000', agency('psb-310000', 'suspended')],
]);
/** API keys of the stand-in registry: `key-<agency id>`. */
const registry = {
  agency: (id: string) => AGENCIES.get(id),
  authenticateApiKey: (key: string | undefined) => {
    const found = key?.startsWith('key-') ? AGENCIES.get(key.slice(4)) : undefined;
    if (!found) throw new UnauthenticatedError();
    return found;
  },
} as unknown as AgencyRegistry;

/** A presented certificate and, unless `registered: false`, its registry entry. */
function certificate(
  agencyId: string,
  options: {
    authorized?: boolean;
    status?: 'active' | 'revoked';
    notAfter?: Date;
    notBefore?: Date;
    commonName?: string;
    registered?: boolean;
  } = {},
): { presented: PresentedCertificate; entry?: RegisteredCertificate } {
  const der = randomBytes(300);
  const presented = {
    der,
    commonName: options.commonName ?? agencyId,
    authorized: options.authorized ?? true,
    authorizationError: options.authorized === false ? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' : undefined,
  };
  if (options.registered === false) return { presented };
  const entry: RegisteredCertificate = {
    serial: randomBytes(16).toString('hex'),
    agencyId,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    notBefore: options.notBefore ?? new Date(NOW.getTime() - DAY_MS),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + 30 * DAY_MS),
    status: options.status ?? 'active',
    revokedAt: options.status === 'revoked' ? NOW : null,
  };
  return { presented, entry };
}

function authenticatorWith(...entries: (RegisteredCertificate | undefined)[]): AgencyAuthenticator {
  const byFingerprint = new Map(entries.filter((e) => e !== undefined).map((e) => [e.fingerprintSha256, e]));
  const certificates = { byFingerprint: (fingerprint: string) => byFingerprint.get(fingerprint) } as unknown as ClientCertificateRegistry;
  return new AgencyAuthenticator(registry, certificates);
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthenticatedError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('AgencyAuthenticator', () => {
  it('uses the API key when no certificate was presented (plain HTTP, or HTTPS without one)', () => {
    const authenticator = authenticatorWith();
    expect(authenticator.authenticateWith(undefined, 'Bearer key-bureau-310000', NOW).id).toBe('bureau-310000');
    expect(refusal(() => authenticator.authenticateWith(undefined, undefined, NOW))).toMatch(/API key/);
    expect(refusal(() => authenticator.authenticateWith(undefined, 'Basic key-bureau-310000', NOW))).toMatch(/API key/);
    expect(presentedCertificate(new Socket())).toBeUndefined();
  });

  it("accepts a verified, registered, active certificate within its dates as its agency's", () => {
    const { presented, entry } = certificate('bureau-310000');
    expect(authenticatorWith(entry).authenticateWith(presented, undefined, NOW).id).toBe('bureau-310000');
  });

  it('refuses a certificate OpenSSL did not verify against the hub CA, naming the reason', () => {
    const { presented, entry } = certificate('bureau-310000', { authorized: false });
    expect(refusal(() => authenticatorWith(entry).authenticateWith(presented, undefined, NOW))).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  it('refuses a certificate the registry does not know, or whose CN is not the agency it was issued to', () => {
    const unknown = certificate('bureau-310000', { registered: false });
    expect(refusal(() => authenticatorWith().authenticateWith(unknown.presented, undefined, NOW))).toMatch(/not one this hub issued/);
    const renamed = certificate('bureau-310000', { commonName: 'bureau-110000' });
    expect(refusal(() => authenticatorWith(renamed.entry).authenticateWith(renamed.presented, undefined, NOW))).toMatch(
      /not one this hub issued/,
    );
  });

  it('refuses a revoked certificate, and one outside its dates by the registry even if TLS let it through', () => {
    const revoked = certificate('bureau-310000', { status: 'revoked' });
    expect(refusal(() => authenticatorWith(revoked.entry).authenticateWith(revoked.presented, undefined, NOW))).toMatch(/was revoked/);
    const expired = certificate('bureau-310000', { notAfter: NOW });
    expect(refusal(() => authenticatorWith(expired.entry).authenticateWith(expired.presented, undefined, NOW))).toMatch(
      /outside its validity/,
    );
    const early = certificate('bureau-310000', { notBefore: new Date(NOW.getTime() + 1000) });
    expect(refusal(() => authenticatorWith(early.entry).authenticateWith(early.presented, undefined, NOW))).toMatch(/outside its validity/);
  });

  it('refuses the certificate of a suspended agency', () => {
    const { presented, entry } = certificate('psb-310000');
    expect(refusal(() => authenticatorWith(entry).authenticateWith(presented, undefined, NOW))).toMatch(/not active/);
  });

  it('with a certificate and an API key, accepts them only when both are valid and of the same agency', () => {
    const { presented, entry } = certificate('bureau-310000');
    const authenticator = authenticatorWith(entry);
    expect(authenticator.authenticateWith(presented, 'Bearer key-bureau-310000', NOW).id).toBe('bureau-310000');
    expect(refusal(() => authenticator.authenticateWith(presented, 'Bearer key-bureau-110000', NOW))).toMatch(/different agencies/);
    expect(refusal(() => authenticator.authenticateWith(presented, 'Bearer nonsense', NOW))).toMatch(/API key/);
    expect(refusal(() => authenticator.authenticateWith(presented, '', NOW))).toMatch(/API key/);
  });
});
