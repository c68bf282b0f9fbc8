import { describe, expect, it } from '@jest/globals';
import { loadPsbAdapterConfig } from './psb-adapter-config.js';

const READER_KEY = 'exit-entry-desk-key-0123456789abcdef';
const minimal = { DATABASE_URL: 'postgres://db/psb_adapter', KAFKA_BROKERS: 'k1:9092', READER_API_KEYS: `desk:${READER_KEY}` };

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
});
