import { describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair } from '@hub/identity';
import { loadBureauAdapterConfig } from './bureau-adapter-config.js';

const minimal = {
  DATABASE_URL: 'postgres://db/bureau_adapter',
  BUREAU_DATABASE_URL: 'postgres://db/fwp',
  KAFKA_BROKERS: 'k1:9092',
  KAFKA_SASL_PASSWORD: 'unit-test',
  KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
  SIGNING_KEY_ID: 'bureau-key-1',
  SIGNING_KEY: generateSigningKeyPair('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

function failureOf(env: Record<string, string | undefined>): string {
  try {
    loadBureauAdapterConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('loadBureauAdapterConfig', () => {
  it('is bureau-310000 by default, logging in to Kafka as that agency, its outcomes group under its prefix', () => {
    const config = loadBureauAdapterConfig(minimal);
    expect(config).toMatchObject({
      AGENCY_ID: 'bureau-310000',
      KAFKA_SASL_USERNAME: 'bureau-310000',
      OUTCOMES_GROUP: 'agency.bureau-310000.bureau-adapter',
    });
    expect(loadBureauAdapterConfig({ ...minimal, AGENCY_ID: 'bureau-110000' }).OUTCOMES_GROUP).toBe('agency.bureau-110000.bureau-adapter');
    expect(config.signingKey().asymmetricKeyType).toBe('ed25519');
  });

  it('names every missing or wrong setting and says how to fix it', () => {
    const failure = failureOf({ KAFKA_BROKERS: 'k1:9092', AGENCY_ID: 'psb-310000' });
    for (const expected of [
      'AGENCY_ID: AGENCY_ID must be a bureau agency id, bureau-<GB/T 2260 province code>',
      "BUREAU_DATABASE_URL: BUREAU_DATABASE_URL must be the postgres:// URL of the bureau's system of record",
      'SIGNING_KEY_ID: SIGNING_KEY_ID must be the key id registered at the hub',
      'SIGNING_KEY or SIGNING_KEY_FILE must be set',
      'DATABASE_URL must be a postgres:// URL',
    ]) {
      expect(failure).toContain(expected);
    }
    expect(failureOf({ ...minimal, OUTCOMES_GROUP: 'agency.bureau-110000.x' })).toContain(
      'OUTCOMES_GROUP: must start with agency.bureau-310000.',
    );
    expect(failureOf({ ...minimal, KAFKA_SASL_USERNAME: 'hub' })).toContain('KAFKA_SASL_USERNAME: must be bureau-310000 (AGENCY_ID)');
    expect(failureOf({ ...minimal, BUREAU_DATABASE_URL: minimal.DATABASE_URL })).toContain('BUREAU_DATABASE_URL: must not be DATABASE_URL');
  });

  it('starts without OPERATOR_API_KEYS on any address (its API then refuses everyone), and checks their form when given', () => {
    const key = 'k'.repeat(48);
    expect(loadBureauAdapterConfig(minimal).OPERATOR_API_KEYS).toBeUndefined();
    expect(loadBureauAdapterConfig({ ...minimal, HTTP_HOST: '0.0.0.0' }).OPERATOR_API_KEYS).toBeUndefined();
    expect(loadBureauAdapterConfig({ ...minimal, HTTP_HOST: '0.0.0.0', OPERATOR_API_KEYS: `ops:${key}` }).OPERATOR_API_KEYS).toBe(
      `ops:${key}`,
    );
    for (const wrong of ['ops', 'ops:short', `Ops:${key}`, `a:${key},b:${key}`]) {
      expect(failureOf({ ...minimal, OPERATOR_API_KEYS: wrong })).toContain(
        'OPERATOR_API_KEYS: OPERATOR_API_KEYS must be comma-separated name:key pairs',
      );
    }
  });

  it('reads the signing key at boot, naming the setting whose key or file is wrong', () => {
    expect(() => loadBureauAdapterConfig({ ...minimal, SIGNING_KEY: 'not a key' }).signingKey()).toThrow(
      /^SIGNING_KEY: .*ed25519 private key, PKCS#8 PEM/,
    );
    expect(() =>
      loadBureauAdapterConfig({ ...minimal, SIGNING_KEY: undefined, SIGNING_KEY_FILE: '/nonexistent/key.pem' }).signingKey(),
    ).toThrow('SIGNING_KEY_FILE: cannot read /nonexistent/key.pem (ENOENT).');
  });

  it("compares public security's copy only with both its URL and the bureau's key there", () => {
    expect(loadBureauAdapterConfig(minimal).psbReconcile()).toBeUndefined();
    const key = 'k'.repeat(48);
    expect(
      loadBureauAdapterConfig({ ...minimal, PSB_RECONCILE_URL: 'http://psb-adapter:8081', PSB_RECONCILE_KEY: key }).psbReconcile(),
    ).toEqual({
      url: 'http://psb-adapter:8081',
      apiKey: key,
    });
    expect(failureOf({ ...minimal, PSB_RECONCILE_URL: 'http://psb-adapter:8081' })).toContain(
      'PSB_RECONCILE_URL, PSB_RECONCILE_KEY: set both',
    );
    expect(failureOf({ ...minimal, PSB_RECONCILE_URL: 'psb-adapter', PSB_RECONCILE_KEY: key })).toContain(
      'PSB_RECONCILE_URL must be the http(s) base URL',
    );
  });
});
