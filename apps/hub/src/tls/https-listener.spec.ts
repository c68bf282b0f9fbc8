import { describe, expect, it } from '@jest/globals';
import { loadHubConfig } from '../config/hub-config.js';
import { httpsConfigured, httpsSettingsProblems } from './https-listener.js';
import { UNIT_TEST_HUB_ENV } from '../config/unit-test-hub-env.js';

const env = UNIT_TEST_HUB_ENV;
const CA_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

describe('HTTPS settings', () => {
  it('serve plain HTTP only by default', () => {
    const config = loadHubConfig(env);
    expect(httpsConfigured(config)).toBe(false);
    expect(httpsSettingsProblems(config)).toEqual([]);
    expect(config.HTTPS_PORT).toBe(8443);
    expect(config.CLIENT_CERT_VALID_DAYS).toBe(365);
  });

  it('take files or a self-issued host name, and need the CA key', () => {
    const files = loadHubConfig({ ...env, CA_KEY_ENCRYPTION_KEY: CA_KEY, TLS_CERT_FILE: 'hub.pem', TLS_KEY_FILE: 'hub.key' });
    expect(httpsConfigured(files)).toBe(true);
    expect(httpsSettingsProblems(files)).toEqual([]);
    expect(httpsSettingsProblems(loadHubConfig({ ...env, CA_KEY_ENCRYPTION_KEY: CA_KEY, TLS_SELF_ISSUED_HOSTNAME: 'localhost' }))).toEqual(
      [],
    );

    expect(httpsSettingsProblems(loadHubConfig({ ...env, TLS_SELF_ISSUED_HOSTNAME: 'localhost' }))).toEqual([
      expect.stringMatching(/^CA_KEY_ENCRYPTION_KEY: required with HTTPS/),
    ]);
    expect(httpsSettingsProblems(loadHubConfig({ ...env, CA_KEY_ENCRYPTION_KEY: CA_KEY, TLS_CERT_FILE: 'hub.pem' }))).toEqual([
      expect.stringMatching(/^TLS_CERT_FILE, TLS_KEY_FILE: give both/),
    ]);
    expect(
      httpsSettingsProblems(
        loadHubConfig({
          ...env,
          CA_KEY_ENCRYPTION_KEY: CA_KEY,
          TLS_CERT_FILE: 'a',
          TLS_KEY_FILE: 'b',
          TLS_SELF_ISSUED_HOSTNAME: 'localhost',
        }),
      ),
    ).toEqual([expect.stringMatching(/^TLS_SELF_ISSUED_HOSTNAME: give it or/)]);
  });

  it('refuse a CA key that is not 32 bytes of base64, and a host name with other characters', () => {
    expect(() => loadHubConfig({ ...env, CA_KEY_ENCRYPTION_KEY: 'short' })).toThrow(/CA_KEY_ENCRYPTION_KEY must be 32 bytes in base64/);
    expect(() => loadHubConfig({ ...env, TLS_SELF_ISSUED_HOSTNAME: 'host name' })).toThrow(/TLS_SELF_ISSUED_HOSTNAME must be a host name/);
  });
});
