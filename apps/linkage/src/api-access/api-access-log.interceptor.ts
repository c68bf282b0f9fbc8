import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { ApiAccessLog } from './api-access-log.js';

/**
 * Records a successful call in the access log before its answer is sent, so no answer leaves
 * without its row (a failure to record fails the call). Refused calls are recorded by
 * LinkageProblemFilter.
 */
@Injectable()
export class ApiAccessLogInterceptor implements NestInterceptor {
  constructor(private readonly log: ApiAccessLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.log.recordCall(request, http.getResponse<Response>().statusCode, resultCount(result));
        return result;
      }),
    );
  }
}

/** How many records an answer holds: a list's length, a page's `items`, one for a single record. */
export function resultCount(result: unknown): number {
  if (result === undefined || result === null) return 0;
  if (Array.isArray(result)) return result.length;
  if (typeof result === 'object') {
    const items = (result as { items?: unknown; rows?: unknown }).items ?? (result as { rows?: unknown }).rows;
    if (Array.isArray(items)) return items.length;
  }
  return 1;
}
