import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadHubConfig } from './hub-config.js';

const minimal = {
  DATABASE_URL: 'postgres://db/hub',
  KAFKA_BROKERS: 'k1:9092',
  KAFKA_SASL_USERNAME: 'hub',
  KAFKA_SASL_PASSWORD: 'unit-test',
  KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
  SUBJECT_ID_KEY: 'x'.repeat(32),
  FIELD_ENCRYPTION_KEYS: 'k1:aes-256-gcm:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  FIELD_ENCRYPTION_ACTIVE_KEY: 'k1',
};
const PSB_KEY = 'psb-console-key-0123456789';
const BUREAU_KEY = 'bureau-console-key-0123456789';
const ADAPTERS = 'psb-310000=http://127.0.0.1:8081/v1/dead-letters/, bureau-310000=http://127.0.0.1:8083/v1/inbound/dead-letters';

describe('CONSOLE_ADAPTERS', () => {
  it('is empty by default and reads name=url pairs with keys given inline or in a file', () => {
    expect(loadHubConfig(minimal).consoleAdapters()).toEqual([]);
    const inline = loadHubConfig({
      ...minimal,
      CONSOLE_ADAPTERS: ADAPTERS,
      CONSOLE_ADAPTER_KEYS: `psb-310000:${PSB_KEY},bureau-310000:${BUREAU_KEY}`,
    });
    expect(inline.consoleAdapters()).toEqual([
      { name: 'psb-310000', url: 'http://127.0.0.1:8081/v1/dead-letters', key: PSB_KEY },
      { name: 'bureau-310000', url: 'http://127.0.0.1:8083/v1/inbound/dead-letters', key: BUREAU_KEY },
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'console-adapters-')), 'keys');
    writeFileSync(file, `psb-310000:${PSB_KEY}\nbureau-310000:${BUREAU_KEY}\n`);
    expect(loadHubConfig({ ...minimal, CONSOLE_ADAPTERS: ADAPTERS, CONSOLE_ADAPTER_KEYS_FILE: file }).consoleAdapters()).toEqual(
      inline.consoleAdapters(),
    );
  });

  it('refuses at load a malformed list, a missing key, a key of no adapter and an unreadable key file, naming the setting', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ CONSOLE_ADAPTERS: 'psb-310000' }, /CONSOLE_ADAPTERS: entry 1 \("psb-310000"\) must be name=url/],
      [{ CONSOLE_ADAPTERS: 'psb-310000=ftp://x' }, /CONSOLE_ADAPTERS: entry 1 .* must be name=url/],
      [
        { CONSOLE_ADAPTERS: 'a=http://x,a=http://y', CONSOLE_ADAPTER_KEYS: `a:${PSB_KEY}` },
        /CONSOLE_ADAPTERS: the adapter a is listed twice/,
      ],
      [{ CONSOLE_ADAPTERS: ADAPTERS }, /CONSOLE_ADAPTER_KEYS: set it \(or CONSOLE_ADAPTER_KEYS_FILE\)/],
      [
        { CONSOLE_ADAPTERS: ADAPTERS, CONSOLE_ADAPTER_KEYS: `psb-310000:${PSB_KEY}` },
        /CONSOLE_ADAPTER_KEYS: no key for the adapter bureau-310000/,
      ],
      [
        { CONSOLE_ADAPTERS: ADAPTERS, CONSOLE_ADAPTER_KEYS: `psb-310000:${PSB_KEY},bureau-310000:${BUREAU_KEY},x:${BUREAU_KEY}` },
        /CONSOLE_ADAPTER_KEYS: x is not an adapter of CONSOLE_ADAPTERS/,
      ],
      [{ CONSOLE_ADAPTERS: ADAPTERS, CONSOLE_ADAPTER_KEYS: 'psb-310000:short' }, /CONSOLE_ADAPTER_KEYS: each entry must be name:key/],
      [
        { CONSOLE_ADAPTERS: ADAPTERS, CONSOLE_ADAPTER_KEYS_FILE: '/nonexistent/keys' },
        /CONSOLE_ADAPTER_KEYS_FILE: \/nonexistent\/keys cannot be read/,
      ],
    ];
    for (const [settings, message] of cases) expect(() => loadHubConfig({ ...minimal, ...settings })).toThrow(message);
  });
});
