import { Catch, HttpException, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ValidationFailedError } from '@hub/contracts';
import type { Request, Response } from 'express';
import type { Labels } from '../calendar/working-calendar.types.js';
import { ApiAccessLog } from './api-access-log.js';
import { LinkageApiError, type LinkageIssue } from './linkage-api.errors.js';

/** The body of every refusal of a linkage API. */
export interface LinkageProblem {
  readonly code: string;
  readonly message: Labels;
  readonly errors?: readonly LinkageIssue[];
}

const INTERNAL: LinkageProblem = {
  code: 'INTERNAL',
  message: {
    en: 'The linkage service failed unexpectedly; nothing was changed. Send the request again, and report it if it persists.',
    zh: '衔接服务发生意外错误，本次未作任何更改。请重发；如持续出现请报告运维人员。',
  },
};

/**
 * Answers every error of a linkage API as a problem `{ code, message: {zh, en}, errors? }` with its
 * status (400/401/403/404/409; anything unexpected is a 500 that says nothing of the internals),
 * after recording the refused call in the access log.
 */
@Catch()
@Injectable()
export class LinkageProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('LinkageApi');

  constructor(private readonly log: ApiAccessLog) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const { status, problem } = this.problemOf(error);
    try {
      await this.log.recordCall(request, status, 0);
    } catch (logError) {
      this.logger.error({ message: 'could not record a refused call in api_access_log', error: String(logError) });
    }
    if (!response.headersSent) response.status(status).json(problem);
  }

  private problemOf(error: unknown): { status: number; problem: LinkageProblem } {
    if (error instanceof LinkageApiError) {
      return {
        status: error.status,
        problem: { code: error.code, message: error.messages, ...(error.issues ? { errors: error.issues } : {}) },
      };
    }
    if (error instanceof ValidationFailedError) {
      const errors = error.issues.map((i) => ({ path: i.path, rule: i.rule, message: { en: i.message, zh: i.messageZh ?? i.message } }));
      return {
        status: 400,
        problem: { code: error.code, message: { en: error.message, zh: '请求不符合规则，请按 errors 修正后重发。' }, errors },
      };
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      return { status, problem: { code: `HTTP_${status}`, message: { en: error.message, zh: `请求被拒绝（HTTP ${status}）。` } } };
    }
    this.logger.error({ message: 'unexpected error', error: error instanceof Error ? error.stack : String(error) });
    return { status: 500, problem: INTERNAL };
  }
}
