import type { Socket } from 'node:net';
import { Injectable } from '@nestjs/common';
import { AdminToken } from '../../kernel/index.js';
import { AgencyAuthenticator } from '../../agencies/index.js';

/** Who reads an event: an operator (admin token) sees every event, an agency only its own and those delivered to it. */
export type EventReader = { readonly kind: 'operator' } | { readonly kind: 'agency'; readonly agencyId: string };

/**
 * Authenticates a reader of `GET /v1/events/{id}`: the admin token makes an operator; otherwise the
 * agency's client certificate or API key, as for publishing. No or bad credentials: 401 UNAUTHENTICATED.
 */
@Injectable()
export class EventReaderAuthenticator {
  constructor(
    private readonly adminToken: AdminToken,
    private readonly agencies: AgencyAuthenticator,
  ) {}

  authenticate(socket: Socket, authorization: string | undefined): EventReader {
    const presented = /^Bearer (\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (presented !== undefined && this.adminToken.matches(presented)) return { kind: 'operator' };
    return { kind: 'agency', agencyId: this.agencies.authenticate(socket, authorization).id };
  }
}
