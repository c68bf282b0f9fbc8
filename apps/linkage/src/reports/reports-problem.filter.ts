import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import type { Response } from 'express';
import { ReportQueryInvalidError } from './reports.errors.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  REPORT_QUERY_INVALID: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

const MESSAGES_ZH: Readonly<Record<string, string>> = {
  REPORT_QUERY_INVALID: '报表查询参数有误，请按 errors 中列出的参数修正后重新查询。',
  VALIDATION_FAILED: '请求有误，请按 errors 中列出的项目修正后重新发送。',
  UNAUTHENTICATED: '请求未携带有效凭据，请在 Authorization 请求头中以 Bearer 方式提供关联服务的 API 密钥。',
  FORBIDDEN: '该密钥无权进行此操作。',
  NOT_FOUND: '未找到所请求的内容。',
  INTERNAL: '报表服务发生意外错误，请稍后重试；如持续出现请报告运维人员。',
};

/**
 * Answers the reports API's errors as the linkage APIs do: `{ code, message: { zh, en }, errors? }`,
 * each error naming the parameter (or header) and the rule it broke.
 */
@Catch()
export class ReportsProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Reports');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof ReportQueryInvalidError) {
      response.status(400).json({ ...problem(error.code, error.message), errors: error.issues });
    } else if (error instanceof HubError) {
      const status = STATUS_BY_CODE[error.code] ?? (error.retriable ? 503 : 500);
      if (status >= 500) this.logger.error({ message: error.message, code: error.code, cause: String(error.cause) });
      response.status(status).json(problem(error.code, error.message));
    } else if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : status === 401 ? 'UNAUTHENTICATED' : `HTTP_${status}`;
      response.status(status).json(problem(code, error.message));
    } else {
      this.logger.error({ message: 'unexpected error', error: error instanceof Error ? error.stack : String(error) });
      response.status(500).json(problem('INTERNAL', 'The report failed unexpectedly; ask again, and report it if it persists.'));
    }
  }
}

function problem(code: string, en: string): { code: string; message: { zh: string; en: string } } {
  return { code, message: { zh: MESSAGES_ZH[code] ?? `请求被拒绝（${code}）。`, en } };
}
