import { describe, expect, it } from '@jest/globals';
import { loadPsbAdapterConfig } from './psb-adapter-config.js';

const READER_KEY = 'exit-entry-desk-key-0123456789abcdef';
const minimal = {
  DATABASE_URL: 'postgres://db/psb_adapter',
  KAFKA_BROKERS: 'k1:9092',
  KAFKA_SASL_PASSWORD: 'unit-test',
  KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
  READER_API_KEYS: `desk:${READER_KEY}`,
};

function failureOf(env: Record<string, string>): string {
  try {
    loadPsbAdapterConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('loadPsbAdapterConfig', () => {
  it('is psb-310000 by default, in a consumer group under that agency’s prefix', () => {
    const config = loadPsbAdapterConfig(minimal);
    expect(config.AGENCY_ID).toBe('psb-310000');
    expect(config.CONSUMER_GROUP).toBe('agency.psb-310000.psb-adapter');
    expect(config.SEQUENCE_GAP_GRACE_MS).toBe(60_000);
  });

  it('takes its consumer group from the agency it is told it is', () => {
    const config = loadPsbAdapterConfig({ ...minimal, AGENCY_ID: 'psb-440000' });
    expect(config.CONSUMER_GROUP).toBe('agency.psb-440000.psb-adapter');
    expect(loadPsbAdapterConfig({ ...minimal, AGENCY_ID: 'psb-440000', CONSUMER_GROUP: 'agency.psb-440000.blue' }).CONSUMER_GROUP).toBe(
      'agency.psb-440000.blue',
    );
  });

  it('refuses an agency that is not public security and a group its Kafka ACLs would refuse, saying how to fix them', () => {
    expect(failureOf({ ...minimal, AGENCY_ID: 'bureau-310000' })).toContain(
      'AGENCY_ID: AGENCY_ID must be a public-security agency id, psb-<GB/T 2260 province code>',
    );
    expect(failureOf({ ...minimal, CONSUMER_GROUP: 'psb-adapter' })).toContain(
      'CONSUMER_GROUP: CONSUMER_GROUP must start with agency.psb-310000.',
    );
    expect(failureOf({ ...minimal, AGENCY_ID: 'psb-440000', CONSUMER_GROUP: 'agency.psb-310000.psb-adapter' })).toContain(
      'e.g. agency.psb-440000.psb-adapter',
    );
  });

  it("needs the reading systems' API keys, each named, unique and long enough, and says how to write them", () => {
    const withoutKeys: Record<string, string> = { ...minimal };
    delete withoutKeys['READER_API_KEYS'];
    for (const keys of [
      undefined,
      'desk',
      `desk:short`,
      `Desk:${READER_KEY}`,
      `desk:${READER_KEY},desk:${READER_KEY}x`,
      `a:${READER_KEY},b:${READER_KEY}`,
      `desk:${READER_KEY} x`,
    ]) {
      const failure = failureOf(keys === undefined ? withoutKeys : { ...minimal, READER_API_KEYS: keys });
      expect(failure).toContain('READER_API_KEYS: READER_API_KEYS must be comma-separated name:key pairs');
      expect(failure).toContain('openssl rand -hex 24');
    }
    expect(loadPsbAdapterConfig({ ...minimal, READER_API_KEYS: `desk:${READER_KEY}, border:${READER_KEY}2` }).READER_API_KEYS).toContain(
      'border',
    );
  });

  it('logs in to Kafka as its agency, and names each missing Kafka setting', () => {
    expect(loadPsbAdapterConfig({ ...minimal, AGENCY_ID: 'psb-440000' }).KAFKA_SASL_USERNAME).toBe('psb-440000');
    expect(failureOf({ ...minimal, KAFKA_SASL_USERNAME: 'hub' })).toContain('KAFKA_SASL_USERNAME: must be psb-310000 (AGENCY_ID)');
    const failure = failureOf({ DATABASE_URL: minimal.DATABASE_URL, KAFKA_BROKERS: minimal.KAFKA_BROKERS });
    expect(failure).toContain('KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE must be set');
    expect(failure).toContain('KAFKA_TLS_CA_FILE must name the PEM file');
    expect(failure).not.toContain('unit-test');
  });

  it('reads the password and CA files at boot, naming the setting whose file is wrong', () => {
    const config = loadPsbAdapterConfig({
      ...minimal,
      KAFKA_SASL_PASSWORD: undefined,
      KAFKA_SASL_PASSWORD_FILE: '/nonexistent/password',
    });
    expect(() => config.kafkaSecurity()).toThrow('KAFKA_SASL_PASSWORD_FILE: cannot read /nonexistent/password (ENOENT).');
    expect(() => loadPsbAdapterConfig(minimal).kafkaSecurity()).toThrow('KAFKA_TLS_CA_FILE: cannot read /nonexistent/ca.pem (ENOENT).');
  });

  it('takes the reconciling bureaus’ keys named by their agency ids, and refuses other names', () => {
    const key = 'bureau-key-0123456789abcdef0123456789abcdef';
    expect(loadPsbAdapterConfig({ ...minimal, RECONCILE_API_KEYS: `bureau-310000:${key}` }).RECONCILE_API_KEYS).toBe(
      `bureau-310000:${key}`,
    );
    expect(loadPsbAdapterConfig(minimal).RECONCILE_API_KEYS).toBeUndefined();
    expect(failureOf({ ...minimal, RECONCILE_API_KEYS: `desk:${key}` })).toContain(
      'RECONCILE_API_KEYS: RECONCILE_API_KEYS must be comma-separated name:key pairs',
    );
    expect(failureOf({ ...minimal, RECONCILE_API_KEYS: 'bureau-310000:short' })).toContain('each name a bureau');
  });
});
