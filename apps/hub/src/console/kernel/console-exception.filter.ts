import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HubError, ValidationFailedError } from '@hub/contracts';
import { httpStatusOf } from '@hub/http';
import type { Response } from 'express';
import { ConsoleError } from './console.errors.js';

/** The console API's error body: a stable code, the message in English and Chinese, and the field at fault. */
export interface ConsoleErrorBody {
  readonly code: string;
  readonly message: { readonly en: string; readonly zh: string };
  readonly field?: string;
  readonly requiredRole?: string;
}

/**
 * Answers every console API error as `{code, message: {en, zh}, field?}`, the shape the console web
 * app reads. Errors of the hub's own handlers (delivery, subscription, replay) keep their codes.
 */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.answer(error);
    if (error instanceof ConsoleError && error.extra.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(error.extra.retryAfterSeconds));
    }
    response.status(status).json(body);
  }

  private answer(error: unknown): [number, ConsoleErrorBody] {
    if (error instanceof ConsoleError) {
      const { field, requiredRole } = error.extra;
      return [
        error.status,
        {
          code: error.code,
          message: { en: error.message, zh: error.messageZh },
          ...(field === undefined ? {} : { field }),
          ...(requiredRole === undefined ? {} : { requiredRole }),
        },
      ];
    }
    if (error instanceof ValidationFailedError) {
      const field = error.issues[0]?.path;
      return [400, { code: error.code, message: { en: error.message, zh: '请求无效，请按提示修正字段。' }, ...(field ? { field } : {}) }];
    }
    if (error instanceof HubError) {
      const status = httpStatusOf(error);
      return [status, { code: error.code, message: { en: error.message, zh: `请求被拒绝（${error.code}）。` } }];
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return [status, { code: status === 404 ? 'NOT_FOUND' : `HTTP_${status}`, message: { en: error.message, zh: '请求无法处理。' } }];
    }
    this.logger.error({ message: 'unexpected console error', error: error instanceof Error ? error.stack : String(error) });
    return [500, { code: 'INTERNAL', message: { en: 'The console failed unexpectedly; try again.', zh: '控制台发生意外错误，请重试。' } }];
  }
}
