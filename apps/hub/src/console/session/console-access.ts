import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ConsoleRole } from '../operators/console-operator.js';
import type { SignedInOperator } from './signed-in-operator.js';

export const ALLOWED_ROLES = 'console:allowed-roles';
export const NO_SESSION = 'console:no-session';

/** The roles that may call a console route (without it, every role may read). */
export const AllowRoles = (...roles: ConsoleRole[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

/** A console route that needs no session (the login itself). */
export const NoSession = (): MethodDecorator => SetMetadata(NO_SESSION, true);

/** The operator ConsoleSessionGuard found for the request. */
export const SignedIn = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedInOperator =>
    context.switchToHttp().getRequest<Request & ConsoleRequest>().consoleOperator,
);

export interface ConsoleRequest {
  consoleOperator: SignedInOperator;
}
