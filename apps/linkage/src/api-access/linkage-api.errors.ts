import { HubError } from '@hub/contracts';
import type { Labels } from '../calendar/working-calendar.types.js';

/** One broken rule of a request: where (`body.note`, `query.limit`, `header:x-purpose`), which rule, and why in zh/en. */
export interface LinkageIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: Labels;
}

/**
 * An error the linkage APIs answer as a problem `{ code, message: {zh, en}, errors? }` with its HTTP
 * status. Never retriable: the caller must change the request (or wait for the case to change).
 */
export class LinkageApiError extends HubError {
  constructor(
    code: string,
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly messages: Labels,
    readonly issues?: readonly LinkageIssue[],
  ) {
    super(code, messages.en, { retriable: false });
  }
}

/** No or an unknown API key (401). */
export function unauthenticated(): LinkageApiError {
  return new LinkageApiError('UNAUTHENTICATED', 401, {
    en: 'Calling the linkage service needs "Authorization: Bearer <key>" with a key listed in its LINKAGE_API_KEYS; ask its operators for one.',
    zh: '调用衔接服务须在 Authorization 请求头中以 Bearer 方式提供 LINKAGE_API_KEYS 中列出的密钥，请向运维人员申请。',
  });
}

/** A request whose fields break their rules (400), each issue naming its path and rule. */
export function invalidRequest(issues: readonly LinkageIssue[]): LinkageApiError {
  const named = issues.map((i) => `${i.path} (${i.rule})`).join(', ');
  return new LinkageApiError(
    'VALIDATION_FAILED',
    400,
    {
      en: `The request breaks these rules: ${named}. Fix them and send it again; nothing was changed.`,
      zh: `请求不符合以下规则：${named}。请修正后重发，本次未作任何更改。`,
    },
    issues,
  );
}

/** The caller may not do this (403). */
export function forbidden(code: string, messages: Labels): LinkageApiError {
  return new LinkageApiError(code, 403, messages);
}

/** Nothing the caller may see has this id (404). */
export function notFound(code: string, messages: Labels): LinkageApiError {
  return new LinkageApiError(code, 404, messages);
}

/** The record is in a state that does not allow the request (409). */
export function conflict(code: string, messages: Labels): LinkageApiError {
  return new LinkageApiError(code, 409, messages);
}
