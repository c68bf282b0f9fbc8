import { createHash, timingSafeEqual } from 'node:crypto';
import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { HubConfig } from '../config/hub-config.js';
import { AdminInputInvalidError, UnauthenticatedError } from './admin.errors.js';

/** The admin token, checked at start: the api role does not start without one. */
@Injectable()
export class AdminToken {
  private readonly digest: Buffer;

  constructor(config: HubConfig) {
    const token = config.ADMIN_TOKEN;
    if (!token || token.length < 32) {
      throw new Error(
        "The hub's configuration is invalid:\n  ADMIN_TOKEN: required when HUB_ROLES includes api; set it to a secret of at least 32 characters",
      );
    }
    this.digest = sha256(token);
  }

  /** Constant time whatever the presented value: both sides are hashed to 32 bytes first. */
  matches(presented: string): boolean {
    return timingSafeEqual(sha256(presented), this.digest);
  }
}

/** Lets a request through only with `Authorization: Bearer <ADMIN_TOKEN>`; otherwise 401 UNAUTHENTICATED. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly token: AdminToken) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const presented = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
    if (presented === undefined || !this.token.matches(presented)) {
      throw new UnauthenticatedError('The admin API needs "Authorization: Bearer <admin token>" with the hub\'s ADMIN_TOKEN.');
    }
    return true;
  }
}

const ADMIN_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * The audit actor of an admin request: `admin:<X-Admin-Id>` (the operator's name, as the CLI sends
 * it), or `admin:token-holder` without one. The token is shared, so the name is declared, not proven.
 */
export const AdminActor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const header = context.switchToHttp().getRequest<Request>().headers['x-admin-id'];
  if (header === undefined) return 'admin:token-holder';
  if (typeof header !== 'string' || !ADMIN_ID.test(header)) {
    throw new AdminInputInvalidError([
      { path: 'header:x-admin-id', rule: 'matches', message: 'x-admin-id must be 1–64 letters, digits or . _ @ - (the operator name)' },
    ]);
  }
  return `admin:${header}`;
});

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
