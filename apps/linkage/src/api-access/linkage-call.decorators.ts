import { applyDecorators, createParamDecorator, UseFilters, UseGuards, UseInterceptors, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiAccessLogInterceptor } from './api-access-log.interceptor.js';
import { LinkageApiGuard } from './linkage-api.guard.js';
import { LinkageProblemFilter } from './linkage-problem.filter.js';
import type { LinkageCaller } from './linkage-api-keys.js';
import { linkageCallOf } from './linkage-call.js';

/**
 * Marks a controller (or route) as a linkage API: the guard (API key, X-Purpose), one access-log row
 * per call (refused ones too) and errors answered as `{ code, message: {zh, en}, errors? }`.
 */
export function LinkageApi(): ClassDecorator & MethodDecorator {
  return applyDecorators(UseGuards(LinkageApiGuard), UseInterceptors(ApiAccessLogInterceptor), UseFilters(LinkageProblemFilter));
}

/** The authenticated caller of a `@LinkageApi()` route: `{ agency: string | '*', name }`. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): LinkageCaller => {
  const caller = linkageCallOf(context.switchToHttp().getRequest<Request>()).caller;
  if (!caller) throw new Error('@Caller() is read on a route without @LinkageApi() (LinkageApiGuard did not run).');
  return caller;
});

/** The purpose the caller of a `@LinkageApi()` route declared in X-Purpose. */
export const Purpose = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const purpose = linkageCallOf(context.switchToHttp().getRequest<Request>()).purpose;
  if (purpose === undefined) throw new Error('@Purpose() is read on a route without @LinkageApi() (LinkageApiGuard did not run).');
  return purpose;
});
