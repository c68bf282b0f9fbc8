import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { loadLinkageConfig } from './linkage-config.js';

const API_KEY = 'exit-entry-desk-key-0123456789abcdef';
const SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const minimal = {
  DATABASE_URL: 'postgres://db/linkage',
  KAFKA_BROKERS: 'k1:9092',
  KAFKA_SASL_PASSWORD: 'unit-test',
  KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
  HUB_URL: 'http://hub:8080',
  HUB_API_KEY: 'hub-api-key-of-linkage',
  LINKAGE_SIGNING_KEY: SIGNING_KEY,
  LINKAGE_SIGNING_KEY_ID: 'linkage-2026-01',
  LINKAGE_API_KEYS: `psb-310000:exit-entry-desk:${API_KEY}`,
};

function failureOf(env: Record<string, string | undefined>): string {
  try {
    loadLinkageConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('loadLinkageConfig', () => {
  it('is the linkage agency on port 8082, in its consumer group, checking overdue cases hourly', () => {
    const config = loadLinkageConfig(minimal);
    expect(config).toMatchObject({
      KAFKA_SASL_USERNAME: 'linkage',
      CONSUMER_GROUP: 'agency.linkage.linkage-service',
      HTTP_PORT: 8082,
      OVERDUE_CHECK_EVERY_MS: 3_600_000,
      LINKAGE_SIGNING_ALG: 'ed25519',
    });
    expect(config.apiKeys()).toEqual([{ agency: 'psb-310000', name: 'exit-entry-desk', key: API_KEY }]);
    expect(config.signingKey().asymmetricKeyType).toBe('ed25519');
    expect(config.hubApiKey()).toBe('hub-api-key-of-linkage');
    expect(config.AVERAGE_WAGES_FILE).toBeUndefined();
  });

  it('reads AVERAGE_WAGES_FILE, the provincial wages the permanent-residence rule decides with', () => {
    expect(loadLinkageConfig({ ...minimal, AVERAGE_WAGES_FILE: '/etc/linkage/average-wages.json' }).AVERAGE_WAGES_FILE).toBe(
      '/etc/linkage/average-wages.json',
    );
  });

  it('names every missing setting and says how to fix it, without echoing secrets', () => {
    const failure = failureOf({
      DATABASE_URL: minimal.DATABASE_URL,
      KAFKA_BROKERS: minimal.KAFKA_BROKERS,
      KAFKA_SASL_PASSWORD: 'unit-test',
    });
    for (const setting of [
      'HUB_URL',
      'HUB_API_KEY or HUB_API_KEY_FILE',
      'LINKAGE_SIGNING_KEY or LINKAGE_SIGNING_KEY_FILE',
      'LINKAGE_SIGNING_KEY_ID',
      'LINKAGE_API_KEYS',
    ]) {
      expect(failure).toContain(setting);
    }
    expect(failure).not.toContain('unit-test');
  });

  it('takes API keys for an agency or for every agency (*), and refuses malformed or repeated ones', () => {
    expect(loadLinkageConfig({ ...minimal, LINKAGE_API_KEYS: `*:evaluator:${API_KEY}, credit:desk:${API_KEY}x` }).apiKeys()).toEqual([
      { agency: '*', name: 'evaluator', key: API_KEY },
      { agency: 'credit', name: 'desk', key: `${API_KEY}x` },
    ]);
    for (const keys of [
      'psb-310000:desk',
      `desk:${API_KEY}`,
      `psb-310000:Desk:${API_KEY}`,
      `psb-310000:desk:short`,
      `a:x:${API_KEY},b:x:${API_KEY}1`,
      `a:x:${API_KEY},b:y:${API_KEY}`,
    ]) {
      expect(failureOf({ ...minimal, LINKAGE_API_KEYS: keys })).toContain(
        'LINKAGE_API_KEYS: LINKAGE_API_KEYS must be comma-separated <agency id or *>:<name>:<key>',
      );
    }
  });

  it('refuses a consumer group or Kafka user the hub would not let the linkage agency use', () => {
    expect(failureOf({ ...minimal, CONSUMER_GROUP: 'agency.psb-310000.x' })).toContain('CONSUMER_GROUP must start with agency.linkage.');
    expect(failureOf({ ...minimal, KAFKA_SASL_USERNAME: 'hub' })).toContain('KAFKA_SASL_USERNAME: must be linkage');
  });

  it('reads the signing key and hub API key files at boot, naming the setting whose file or key is wrong', () => {
    const fromFiles = loadLinkageConfig({ ...minimal, HUB_API_KEY: undefined, HUB_API_KEY_FILE: '/nonexistent/key' });
    expect(() => fromFiles.hubApiKey()).toThrow('HUB_API_KEY_FILE: cannot read /nonexistent/key (ENOENT).');
    expect(() => loadLinkageConfig({ ...minimal, LINKAGE_SIGNING_KEY: 'not a key' }).signingKey()).toThrow(
      /^LINKAGE_SIGNING_KEY: .*PKCS#8 PEM/,
    );
    const sm2 = loadLinkageConfig({ ...minimal, LINKAGE_SIGNING_ALG: 'sm2-sm3' });
    expect(() => sm2.signingKey()).toThrow('not an sm2-sm3 key');
  });
});
