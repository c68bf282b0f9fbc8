import { HubError } from '@hub/contracts';

/** A console refusal: its HTTP status, what to do in English and Chinese, and the field at fault. */
export class ConsoleError extends HubError {
  constructor(
    code: string,
    readonly status: number,
    message: string,
    readonly messageZh: string,
    readonly extra: { readonly field?: string; readonly requiredRole?: string; readonly retryAfterSeconds?: number } = {},
  ) {
    super(code, message, { retriable: status === 429 || status === 503 });
  }
}

export const invalidCredentials = (): ConsoleError =>
  new ConsoleError('INVALID_CREDENTIALS', 401, 'The user name or password is wrong.', '用户名或密码错误。');

export const notSignedIn = (): ConsoleError =>
  new ConsoleError(
    'UNAUTHENTICATED',
    401,
    'Sign in to the console first; the session is missing or has ended.',
    '请先登录控制台；会话不存在或已结束。',
  );

export const csrfMismatch = (): ConsoleError =>
  new ConsoleError(
    'CSRF_TOKEN_MISMATCH',
    403,
    'Send the csrfToken of the session in the X-CSRF-Token header with every change.',
    '每个修改请求都必须在 X-CSRF-Token 请求头中携带会话的 csrfToken。',
  );

export const roleForbidden = (requiredRole: string): ConsoleError =>
  new ConsoleError('ROLE_FORBIDDEN', 403, `This needs the console role ${requiredRole}.`, `此操作需要控制台角色 ${requiredRole}。`, {
    requiredRole,
  });

export const tooManyLogins = (retryAfterSeconds: number): ConsoleError =>
  new ConsoleError(
    'RATE_LIMITED',
    429,
    `Too many failed logins; try again in ${retryAfterSeconds} seconds.`,
    `登录失败次数过多，请 ${retryAfterSeconds} 秒后再试。`,
    { retryAfterSeconds },
  );

export const invalidInput = (field: string, en: string, zh: string): ConsoleError =>
  new ConsoleError('VALIDATION_FAILED', 400, `${field}: ${en}`, `${field}：${zh}`, { field });

export const notFound = (what: string, whatZh: string): ConsoleError =>
  new ConsoleError('NOT_FOUND', 404, `${what} was not found.`, `未找到${whatZh}。`);

export const adapterUnavailable = (why: string): ConsoleError =>
  new ConsoleError(
    'ADAPTER_UNAVAILABLE',
    503,
    `${why}. Check that the adapter runs and that CONSOLE_ADAPTERS and CONSOLE_ADAPTER_KEYS name it rightly.`,
    '无法访问该适配器，请确认适配器正在运行，且 CONSOLE_ADAPTERS 与 CONSOLE_ADAPTER_KEYS 配置正确。',
    { retryAfterSeconds: 5 },
  );
