import type { ValidationIssue } from '@hub/contracts';

/** The body of every error answer: a stable code, what to do in English and Chinese, and each broken rule. */
export interface ErrorResponse {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly messageZh: string;
    readonly issues?: readonly ValidationIssue[];
    /** How many issues were found when more than `issues` lists (the list keeps the first ones). */
    readonly totalIssues?: number;
    /** On STALE_RECORD_VERSION: the version of the record the hub holds. */
    readonly currentVersion?: number;
  };
}

/** What each error code means, in Chinese, for people at agencies who read Chinese first. */
const MESSAGES_ZH: Readonly<Record<string, string>> = {
  VALIDATION_FAILED: '事件不符合契约，请按 issues 中列出的字段修正后重新发送。本次请求未保存任何内容。',
  MALFORMED_JSON: '请求体不是有效的 JSON。本次请求未保存任何内容。',
  PAYLOAD_TOO_LARGE: '请求体过大，请减少每次发送的事件数量。本次请求未保存任何内容。',
  BODY_TOO_DEEP: '请求体中对象或数组嵌套层级过深，任何事件都不需要这么多层。本次请求未保存任何内容。',
  UNSUPPORTED_MEDIA_TYPE: '请以 Content-Type: application/json 发送 UTF-8 编码的 JSON。',
  EVENT_ID_CONFLICT: '该事件 ID 已用于内容不同的事件：新事件请使用新 ID，重发时内容须保持不变。本次请求未保存任何内容。',
  STALE_RECORD_VERSION:
    '记录版本过旧：枢纽已持有该记录的更高版本（见 currentVersion），或同一版本的内容不同。请重新读取记录，以高于 currentVersion 的版本发布变更。本次请求未保存任何内容。',
  RECORD_CHANGE_REJECTED:
    '该变更涉及其他机构持有的记录，运维人员已决定保留对方版本。本次请求未保存任何内容；请与持有机构核对记录后以新事件 ID 重新发布。',
  CONFLICT_ALREADY_RESOLVED: '该冲突已按另一种方式处理，处理结果不可更改。未作任何更改。',
  STORE_UNAVAILABLE: '枢纽暂时无法保存事件，本次请求未保存任何内容，请稍后重发同一请求。',
  HUB_BUSY: '枢纽当前待处理的事件已达上限，本次请求未保存任何内容，请在 Retry-After 秒后重发同一请求。',
  NOT_FOUND: '未找到所请求的记录，请核对标识。',
  DEAD_LETTER_REQUEST_INVALID: '死信操作请求无效，请按 issues 中列出的字段修正后重试。未作任何更改。',
  UNAUTHENTICATED: '请求未携带有效凭据，请在 Authorization 请求头中以 Bearer 方式提供有效的密钥。',
  CONFLICT: '该记录已存在，或与其当前状态冲突，本次请求未作任何更改。',
  PUBLISH_REFUSED:
    '发布机构无权按所发内容发布这些事件（非本机构事件、超出授权的事件类型或地区，或签名缺失、无效、密钥已吊销）。请按 issues 修正。本次请求未保存任何内容。',
  SUBSCRIPTION_REFUSED: '共享策略不允许该订阅（事件类型、用途或过滤字段超出本机构的授权范围），请按 issues 修正。未作任何更改。',
  RATE_LIMITED: '发送速度超过该机构的限额，本次请求未保存任何内容，请在 Retry-After 秒后重发。',
  INTERNAL: '枢纽发生意外错误，本次请求未保存任何内容。请重发；如持续出现请报告运维人员。',
};

export function errorResponse(
  code: string,
  message: string,
  issues?: readonly ValidationIssue[],
  totalIssues?: number,
  currentVersion?: number,
): ErrorResponse {
  const messageZh = MESSAGES_ZH[code] ?? `请求被拒绝（${code}）。`;
  const more = issues && totalIssues !== undefined && totalIssues > issues.length ? { totalIssues } : {};
  const version = currentVersion === undefined ? {} : { currentVersion };
  return { error: { code, message, messageZh, ...(issues ? { issues } : {}), ...more, ...version } };
}
