import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import type { Request } from 'express';
import type { NamedKeyRing } from './named-keys.js';

/** The key ring an adapter's operator API checks; an empty ring refuses every call. */
export const OPERATOR_KEYS = Symbol('OPERATOR_KEYS');

/** No or a wrong operator key on an adapter's API; answered 401. */
export class OperatorUnauthenticatedError extends HubError {
  constructor() {
    super(
      'UNAUTHENTICATED',
      'This adapter API needs "Authorization: Bearer <key>" with a key listed in the adapter\'s OPERATOR_API_KEYS; ask the adapter\'s operators for one.',
      { retriable: false },
    );
  }
}

/**
 * Guards an adapter's HTTP routes under `/v1/` (its status, refusals, dead letters, reconciliation):
 * only a listed key of OPERATOR_API_KEYS passes, and none while it is unset. Health and metrics are not under `/v1/` and
 * keep their own rules (open, and METRICS_TOKEN). Kafka message handlers are not HTTP and pass.
 */
@Injectable()
export class OperatorKeyGuard implements CanActivate {
  constructor(@Inject(OPERATOR_KEYS) private readonly keys: NamedKeyRing) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.path.startsWith('/v1/')) return true;
    if (this.keys.nameOf(request.headers.authorization) === undefined) throw new OperatorUnauthenticatedError();
    return true;
  }
}
