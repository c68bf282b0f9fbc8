import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { loadAgencyAdapterConfig } from './agency-adapter-config.js';
import { inbound, subscriptionOf, type AgencyAdapterDefinition } from './agency-adapter-definition.js';
import { mappedEventReader } from './mapped-consumer.js';
import { readDecision } from './read-decision.js';

const definition: AgencyAdapterDefinition = {
  app: 'tax-adapter',
  agency: { defaultId: 'tax', idPattern: /^tax$/, idRule: 'must be tax, the tax authority', name: 'tax authority' },
  httpPort: 8084,
  migrations: [],
  receive: {
    'permanent-residence.application-submitted': inbound({
      version: 1,
      read: (event) => ({ basis: event.text('data.basis', 40), submittedOn: event.date('data.submittedOn') }),
      apply: () => Promise.resolve(),
    }),
  },
};

const env = {
  DATABASE_URL: 'postgres://tax@db/tax_adapter',
  KAFKA_BROKERS: 'kafka:9093',
  KAFKA_SASL_PASSWORD: 'secret',
  KAFKA_TLS_CA_FILE: '/run/secrets/hub-ca.pem',
  HUB_URL: 'http://hub:8080',
  HUB_API_KEY: 'k'.repeat(40),
  SIGNING_KEY: 'pem',
  SIGNING_KEY_ID: 'tax-k1',
};

const event = {
  id: '6f1c8e52-3b7a-4d41-9a0e-2c4b8f7d1e93',
  type: 'permanent-residence.application-submitted',
  contractversion: 1,
  time: '2026-03-01T10:00:00+08:00',
  subject: `sub_${'0'.repeat(32)}`,
  region: '310115',
  data: { basis: 'market-salary', submittedOn: '2026-03-01' },
};

describe("an adapter's settings from its definition", () => {
  it('defaults the agency id, its Kafka user, consumer group and port from the definition', () => {
    const config = loadAgencyAdapterConfig(definition, env);
    expect(config).toMatchObject({
      AGENCY_ID: 'tax',
      KAFKA_SASL_USERNAME: 'tax',
      CONSUMER_GROUP: 'agency.tax.tax-adapter',
      HTTP_PORT: 8084,
    });
  });

  it('names every bad or missing setting with its rule', () => {
    expect(() => loadAgencyAdapterConfig(definition, { ...env, HUB_URL: undefined, SIGNING_KEY: undefined })).toThrow(
      /^The tax authority adapter's configuration is invalid:[\s\S]*HUB_URL[\s\S]*SIGNING_KEY or SIGNING_KEY_FILE must be set/,
    );
    expect(() => loadAgencyAdapterConfig(definition, { ...env, KAFKA_SASL_USERNAME: 'hub' })).toThrow(
      'KAFKA_SASL_USERNAME: must be tax (AGENCY_ID)',
    );
    expect(() =>
      loadAgencyAdapterConfig(definition, { ...env, AGENCY_ID: 'credit', CONSUMER_GROUP: 'agency.tax.x', OPERATOR_API_KEYS: 'no-key' }),
    ).toThrow(
      /AGENCY_ID: must be tax, the tax authority\n {2}CONSUMER_GROUP: must start with agency\.credit\. [^\n]*\n {2}OPERATOR_API_KEYS must be/,
    );
  });

  it('subscribes to the types it maps, each pinned to the version its mapping reads, over Kafka', () => {
    expect(subscriptionOf(definition)).toMatchObject({
      eventTypes: [{ type: 'permanent-residence.application-submitted', version: 1 }],
      channels: { kafka: true },
    });
  });
});

describe('reading a delivered event through the mappings', () => {
  const read = mappedEventReader(definition);

  it('reads the envelope and the mapped fields', () => {
    expect(read(event)).toEqual({
      kind: 'event',
      event: {
        id: event.id,
        type: event.type,
        time: event.time,
        subject: event.subject,
        region: '310115',
        fields: { basis: 'market-salary', submittedOn: '2026-03-01' },
      },
    });
  });

  it('ignores types it has no mapping for, and refuses another contract version', () => {
    expect(read({ ...event, type: 'visa.issued' })).toEqual({ kind: 'ignored', type: 'visa.issued' });
    expect(read({ ...event, type: 'toString' })).toEqual({ kind: 'ignored', type: 'toString' });
    expect(read({ ...event, contractversion: 2 })).toMatchObject({ kind: 'unsupported-version', version: 2, expected: 1 });
  });

  it('names every field of the envelope and the mapping it cannot read', () => {
    expect(read({ ...event, time: 'today', data: { basis: '', submittedOn: '2026-02-30' } })).toEqual({
      kind: 'invalid',
      issues: [
        { path: 'time', rule: 'isRfc3339' },
        { path: 'data.basis', rule: 'isNotEmpty' },
        { path: 'data.submittedOn', rule: 'isCalendarDate' },
      ],
    });
  });
});

describe('a posted decision', () => {
  it('is read with the same checks, every broken field answered with its path and rule', () => {
    expect(readDecision({ days: 3 }, (r) => ({ days: r.wholeNumber('days', 0, 10) }))).toEqual({ days: 3 });
    try {
      readDecision({ days: 30, on: 'x' }, (r) => ({ days: r.wholeNumber('days', 0, 10), on: r.date('on') }));
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).issues.map(({ path, rule }) => `${path}:${rule}`)).toEqual([
        'days:isInt 0..10',
        'on:isCalendarDate',
      ]);
    }
  });
});
