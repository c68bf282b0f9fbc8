import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { loadBureauImportConfig } from './bureau-import-config.js';

const KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLISHING = {
  AGENCY_ID: 'bureau-310000',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/bureau',
  KAFKA_BROKERS: 'kafka-1:9093,kafka-2:9093',
  KAFKA_SASL_USERNAME: 'bureau-310000',
  KAFKA_SASL_PASSWORD: 'secret',
  KAFKA_TLS_CA_FILE: '/etc/hub/ca.pem',
  BUREAU_SIGNING_KEY: KEY,
  BUREAU_SIGNING_KEY_ID: 'bureau-310000-k1',
};

describe('loadBureauImportConfig', () => {
  it('reads the settings of an import that publishes, and the bureau’s province and key', () => {
    const config = loadBureauImportConfig(PUBLISHING, false);
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9093', 'kafka-2:9093']);
    expect(config.IMPORT_BATCH_ROWS).toBe(2_000);
    expect(config.province()).toBe('310000');
    expect(config.signingKey().asymmetricKeyType).toBe('ed25519');
  });

  it('names every setting a publishing import lacks', () => {
    expect(() => loadBureauImportConfig({ AGENCY_ID: 'bureau-310000' }, false)).toThrow(
      /DATABASE_URL[\s\S]*KAFKA_BROKERS[\s\S]*KAFKA_SASL_USERNAME[\s\S]*KAFKA_SASL_PASSWORD[\s\S]*KAFKA_TLS_CA_FILE[\s\S]*BUREAU_SIGNING_KEY[\s\S]*BUREAU_SIGNING_KEY_ID/,
    );
  });

  it('needs only the agency for a dry run, and refuses an agency that is no bureau', () => {
    expect(loadBureauImportConfig({ AGENCY_ID: 'bureau-110000' }, true).DATABASE_URL).toBeUndefined();
    expect(() => loadBureauImportConfig({ AGENCY_ID: 'psb-310000' }, true)).toThrow(/AGENCY_ID must be a bureau agency id/);
    expect(() => loadBureauImportConfig({}, true)).toThrow(/AGENCY_ID/);
  });

  it('says which setting holds a key that is not the bureau’s private key', () => {
    expect(() => loadBureauImportConfig({ ...PUBLISHING, BUREAU_SIGNING_KEY: 'not a key' }, false).signingKey()).toThrow(
      /^BUREAU_SIGNING_KEY: .*PKCS#8 PEM/,
    );
  });
});
