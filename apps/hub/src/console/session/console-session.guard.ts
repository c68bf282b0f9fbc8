import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { csrfMismatch, notSignedIn, roleForbidden } from '../kernel/console.errors.js';
import type { ConsoleRole } from '../operators/console-operator.js';
import { ALLOWED_ROLES, NO_SESSION, type ConsoleRequest } from './console-access.js';
import { ConsoleSessionsRepository } from './console-sessions.repository.js';
import { csrfMatches, sessionTokenOf } from './session-token.js';

/**
 * Every console API route but the login: a live session (cookie), the session's CSRF token in
 * `X-CSRF-Token` on anything but GET, and a role the route allows (AllowRoles).
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessionsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(NO_SESSION, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & ConsoleRequest>();
    const token = sessionTokenOf(request);
    const operator = token === undefined ? undefined : await this.sessions.touch(token);
    if (!token || !operator) throw notSignedIn();
    if (request.method !== 'GET' && request.method !== 'HEAD' && !csrfMatches(token, request.header('x-csrf-token'))) throw csrfMismatch();
    const allowed = this.reflector.getAllAndOverride<ConsoleRole[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.includes(operator.role)) throw roleForbidden(allowed[0] ?? 'operator');
    request.consoleOperator = { ...operator, token };
    return true;
  }
}
