import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { invalidRequest } from './linkage-api.errors.js';
import { LinkageApiKeyRing } from './linkage-api-key-ring.js';
import { linkageCallOf, PURPOSE_FORMAT } from './linkage-call.js';

/**
 * Admits a call to a linkage API: `Authorization: Bearer <key>` of LINKAGE_API_KEYS (401 otherwise)
 * and an `X-Purpose` header of 1–200 characters (400 otherwise). The caller and purpose are kept for
 * the handler (`@Caller()`, `@Purpose()`) and the access log. Use it through `@LinkageApi()`, which
 * also records the call and shapes its errors.
 */
@Injectable()
export class LinkageApiGuard implements CanActivate {
  constructor(private readonly keys: LinkageApiKeyRing) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const call = linkageCallOf(request);
    const purpose = request.headers['x-purpose'];
    const validPurpose = typeof purpose === 'string' && PURPOSE_FORMAT.test(purpose) ? purpose : undefined;
    if (validPurpose) call.purpose = validPurpose;
    call.caller = this.keys.authenticate(request.headers.authorization);
    if (!validPurpose) {
      const missing = purpose === undefined;
      throw invalidRequest([
        {
          path: 'header:x-purpose',
          rule: missing ? 'isDefined' : 'matches',
          message: {
            en: missing
              ? 'X-Purpose is required: say why you call (1–200 characters); it is recorded with the call'
              : 'X-Purpose must be 1–200 characters without control characters',
            zh: missing
              ? '必须提供 X-Purpose 请求头，说明调用目的（1–200 个字符），该目的随调用记录'
              : 'X-Purpose 须为 1–200 个字符，且不含控制字符',
          },
        },
      ]);
    }
    return true;
  }
}
