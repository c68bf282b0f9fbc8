import { describe, expect, it } from '@jest/globals';
import { loadHubConfig } from './hub-config.js';

const minimal = {
  DATABASE_URL: 'postgres://db/hub',
  KAFKA_BROKERS: 'k1:9092, k2:9092',
  KAFKA_SASL_USERNAME: 'hub',
  KAFKA_SASL_PASSWORD: 'unit-test',
  KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
  SUBJECT_ID_KEY: 'x'.repeat(32),
  FIELD_ENCRYPTION_KEYS: 'k1:aes-256-gcm:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  FIELD_ENCRYPTION_ACTIVE_KEY: 'k1',
};

describe('loadHubConfig', () => {
  it('reads lists and numbers and fills in defaults', () => {
    const config = loadHubConfig({ ...minimal, HUB_ROLES: 'relay', HTTP_PORT: '9000' });
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.HUB_ROLES).toEqual(['relay']);
    expect(config.HTTP_PORT).toBe(9000);
    expect(config.RELAY_BATCH_SIZE).toBe(500);
  });

  it('names every bad or missing setting in one error', () => {
    const failure = (() => {
      try {
        loadHubConfig({ KAFKA_BROKERS: 'no-port', SUBJECT_ID_KEY: 'short', HUB_ROLES: 'api,cook' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'HUB_ROLES', 'SUBJECT_ID_KEY', 'FIELD_ENCRYPTION_KEYS'])
      expect(failure).toContain(`${name}:`);
  });

  it('reads an OTLP endpoint for traces, off when unset, and refuses one that is not an http(s) URL', () => {
    expect(loadHubConfig(minimal).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(loadHubConfig({ ...minimal, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      'http://otel-collector:4318',
    );
    expect(() => loadHubConfig({ ...minimal, OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow(
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL',
    );
  });

  it('ignores unrelated environment variables', () => {
    expect(() => loadHubConfig({ ...minimal, PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });

  it('reads the webhook allowlist, empty by default, and refuses an entry that is not a host, address or range at boot', () => {
    expect(loadHubConfig(minimal).WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(
      loadHubConfig({ ...minimal, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, ::1,10.20.0.0/16,receiver.internal' }).WEBHOOK_ALLOWED_HOSTS,
    ).toEqual(['127.0.0.1', '::1', '10.20.0.0/16', 'receiver.internal']);
    for (const bad of ['10.0.0.0/33', 'http://127.0.0.1', '127.0.0.1/8/8', 'bad host']) {
      expect(() => loadHubConfig({ ...minimal, WEBHOOK_ALLOWED_HOSTS: bad })).toThrow(
        /WEBHOOK_ALLOWED_HOSTS: WEBHOOK_ALLOWED_HOSTS must list host names, IP addresses or CIDR ranges/,
      );
    }
  });

  it('reads the webhook concurrency, 64 by default, and refuses one outside 1–1000 naming it', () => {
    expect(loadHubConfig(minimal).WEBHOOK_CONCURRENCY).toBe(64);
    expect(loadHubConfig({ ...minimal, WEBHOOK_CONCURRENCY: '256' }).WEBHOOK_CONCURRENCY).toBe(256);
    for (const bad of ['0', '1001', '2.5', 'many']) {
      expect(() => loadHubConfig({ ...minimal, WEBHOOK_CONCURRENCY: bad })).toThrow(/WEBHOOK_CONCURRENCY/);
    }
  });
});
