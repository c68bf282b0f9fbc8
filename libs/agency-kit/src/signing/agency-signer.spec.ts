import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { generateSigningKeyPair, verifyEventSignature } from '@hub/identity';
import { contractEvent } from './contract-event.js';
import { readAgencySigner } from './read-agency-signer.js';

const pair = generateSigningKeyPair('ed25519');
const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const settings = {
  AGENCY_ID: 'mfa',
  SIGNING_KEY: pem,
  SIGNING_KEY_FILE: undefined,
  SIGNING_KEY_ID: 'mfa-k1',
  SIGNING_ALG: 'ed25519' as const,
};
const lookup = () => ({ alg: 'ed25519' as const, publicKey: pair.publicKey, agencyId: 'mfa', status: 'active' as const });

const visa = {
  type: 'visa.issued',
  contractVersion: 1,
  region: '310115',
  dataschema: true,
  correlationId: 'visa-N3100002026000456',
  data: {
    visaNo: 'V02468135',
    holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' },
    category: 'Z',
    entries: 'single',
    issuedOn: '2026-01-20',
    validFrom: '2026-01-20',
    validTo: '2026-04-19',
    durationOfStayDays: 0,
    issuingPost: { kind: 'embassy', name: 'Embassy of the PRC in France', country: 'FRA' },
  },
};

describe('contractEvent', () => {
  it('wraps the facts in the CloudEvents envelope, optional attributes only when given, in one order', () => {
    const event = contractEvent('bureau-310000', {
      id: '0d6c1f0e-7b1a-5c2e-9d3f-4a5b6c7d8e9f',
      type: 'work-permit.revoked',
      contractVersion: 1,
      time: '2026-06-15T00:00:00+08:00',
      region: '310115',
      record: { id: 'WP-1', version: 3 },
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      data: { permitNo: '310000202600001234' },
    });
    expect(Object.keys(event)).toEqual([
      'specversion',
      'id',
      'type',
      'source',
      'time',
      'datacontenttype',
      'agency',
      'region',
      'contractversion',
      'recordid',
      'recordversion',
      'traceparent',
      'data',
    ]);
    expect(event).toMatchObject({ source: 'urn:hub:agency:bureau-310000', recordid: 'WP-1', recordversion: 3 });
    const plain = contractEvent('mfa', { ...visa, time: new Date('2026-01-20T01:30:00Z') });
    expect(plain).toMatchObject({
      time: '2026-01-20T01:30:00.000Z',
      dataschema: 'urn:hub:contract:visa.issued:v1',
      correlationid: visa.correlationId,
    });
    expect(plain).not.toHaveProperty('recordid');
    expect(plain.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the agency signer', () => {
  it('builds, checks and signs a contract event the hub verifies with the registered key', async () => {
    const signer = readAgencySigner(settings);
    const event = signer.signedEvent(visa);
    expect(event.signature).toMatch(/^ed25519:mfa-k1:/);
    await expect(verifyEventSignature(event, lookup)).resolves.toMatchObject({ keyId: 'mfa-k1' });
    await expect(verifyEventSignature({ ...event, region: '110105' }, lookup)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('refuses an event its contract refuses, naming the field', () => {
    const signer = readAgencySigner(settings);
    const bad = { ...visa, data: { ...visa.data, validTo: 'soon' } };
    expect(() => signer.signedEvent(bad)).toThrow(ValidationFailedError);
    try {
      signer.signedEvent(bad);
    } catch (error) {
      expect((error as ValidationFailedError).issues.map((issue) => issue.path)).toContain('data.validTo');
    }
  });

  it('reads the key from SIGNING_KEY_FILE, and names the setting when the key or file is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agency-signer-'));
    writeFileSync(join(dir, 'key.pem'), pem);
    const fromFile = readAgencySigner({ ...settings, SIGNING_KEY: undefined, SIGNING_KEY_FILE: join(dir, 'key.pem') });
    expect(fromFile.key.keyId).toBe('mfa-k1');
    expect(() => readAgencySigner({ ...settings, SIGNING_KEY: 'not a key' })).toThrow(
      /^SIGNING_KEY: .* It must be mfa's ed25519 private key, PKCS#8 PEM\.$/s,
    );
    expect(() => readAgencySigner({ ...settings, SIGNING_KEY_FILE: join(dir, 'missing.pem') })).toThrow(
      `SIGNING_KEY_FILE: cannot read ${join(dir, 'missing.pem')} (ENOENT).`,
    );
  });
});
