import { Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { AdminToken, UnauthenticatedError } from '../../kernel/index.js';
import type { AgencyAuthenticator } from '../../agencies/index.js';
import type { HubConfig } from '../../config/hub-config.js';
import { EventReaderAuthenticator } from './event-reader.js';

const ADMIN = 'unit-test-admin-token-0123456789abcdef';
const agencies = {
  authenticate: (_socket: Socket, authorization: string | undefined) => {
    if (authorization !== 'Bearer bureau-key') throw new UnauthenticatedError();
    return { id: 'bureau-310000' };
  },
} as unknown as AgencyAuthenticator;

describe('EventReaderAuthenticator', () => {
  const readers = new EventReaderAuthenticator(new AdminToken({ ADMIN_TOKEN: ADMIN } as HubConfig), agencies);
  const socket = new Socket();

  it('makes the admin token an operator and an agency credential that agency', () => {
    expect(readers.authenticate(socket, `Bearer ${ADMIN}`)).toEqual({ kind: 'operator' });
    expect(readers.authenticate(socket, 'Bearer bureau-key')).toEqual({ kind: 'agency', agencyId: 'bureau-310000' });
  });

  it.each([undefined, '', `Bearer ${ADMIN}x`, `Basic ${ADMIN}`, 'Bearer other-key'])('refuses %p with 401', (authorization) => {
    expect(() => readers.authenticate(socket, authorization)).toThrow(UnauthenticatedError);
  });
});
