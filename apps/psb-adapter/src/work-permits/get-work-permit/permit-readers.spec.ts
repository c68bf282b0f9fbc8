import { describe, expect, it } from '@jest/globals';
import { loadPsbAdapterConfig } from '../../config/psb-adapter-config.js';
import { PermitReaders, ReaderUnauthenticatedError } from './permit-readers.js';

const DESK = 'desk-key-0123456789abcdef0123456789abcdef';
const BORDER = 'border-key-0123456789abcdef0123456789abcdef';
const config = loadPsbAdapterConfig({
  DATABASE_URL: 'postgres://db/psb_adapter',
  KAFKA_BROKERS: 'k1:9092',
  KAFKA_SASL_PASSWORD: 'unit-test',
  KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
  READER_API_KEYS: `desk:${DESK},border-control:${BORDER}`,
});

describe('PermitReaders', () => {
  const readers = new PermitReaders(config);

  it('names the reading system whose key is presented', () => {
    expect(readers.authenticate(`Bearer ${DESK}`)).toBe('desk');
    expect(readers.authenticate(`bearer ${BORDER} `)).toBe('border-control');
  });

  it.each([undefined, '', 'Bearer', `Basic ${DESK}`, `Bearer ${DESK}x`, `Bearer ${DESK.slice(0, -1)}`, `Bearer ${DESK} ${BORDER}`])(
    'refuses %p with 401 UNAUTHENTICATED',
    (authorization) => {
      expect(() => readers.authenticate(authorization)).toThrow(ReaderUnauthenticatedError);
    },
  );

  it('will not start without reader keys, whatever built the config', () => {
    expect(() => new PermitReaders(Object.assign(Object.create(config) as typeof config, { READER_API_KEYS: '' }))).toThrow(
      /READER_API_KEYS: required/,
    );
  });
});
