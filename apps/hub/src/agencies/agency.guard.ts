import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AgencyAuthenticator } from './agency-authenticator.js';
import type { Agency } from './agency.js';

const CALLERS = new WeakMap<Request, Agency>();

/**
 * Lets a request through only with an agency's credentials (client certificate or API key, see
 * AgencyAuthenticator); otherwise 401 UNAUTHENTICATED. A guard runs before the ValidationPipe, so
 * a caller without credentials is answered 401 whatever its body, as the admin guard does.
 */
@Injectable()
export class AgencyGuard implements CanActivate {
  constructor(private readonly authenticator: AgencyAuthenticator) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    CALLERS.set(request, this.authenticator.authenticate(request.socket, request.headers.authorization));
    return true;
  }
}

/** The agency that AgencyGuard authenticated for this request. */
export const CallingAgency = createParamDecorator((_: unknown, context: ExecutionContext): Agency => {
  const agency = CALLERS.get(context.switchToHttp().getRequest<Request>());
  if (!agency) throw new Error('@CallingAgency() needs @UseGuards(AgencyGuard) on its route.');
  return agency;
});
