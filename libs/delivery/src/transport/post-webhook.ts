import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { TARGET_REFUSED, type WebhookTargetGuard } from './webhook-target-guard.js';

/** What one POST came to: a response (possibly cut short) or no response at all. */
export type WebhookExchange =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      /** At most maxResponseBytes of the body. */
      readonly body: Buffer;
      /** The body went past maxResponseBytes and the rest was not read. */
      readonly truncated: boolean;
      /** The body ended early: the connection broke or the attempt timed out after the status line. */
      readonly interrupted: boolean;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'failure';
      /** `TIMEOUT`, or Node's code: ECONNREFUSED, ENOTFOUND, ECONNRESET, EPROTO, CERT_HAS_EXPIRED … */
      readonly errorCode: string;
      readonly message: string;
      readonly durationMs: number;
    };

export interface PostWebhookOptions {
  /** The whole attempt: connect, TLS, request, status line and body. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly agents: { readonly http: http.Agent; readonly https: https.Agent };
  /** Checks the address connected to (literal, or each resolution of the host name); without it any address is called. */
  readonly guard?: WebhookTargetGuard;
}

/**
 * POSTs `body` to `url` and reads at most `maxResponseBytes` of the answer, within `timeoutMs`.
 * Never rejects: every way it can go wrong (refused, unresolvable, TLS, reset, slow, huge) comes
 * back as an exchange. Redirects are not followed (a 3xx is an answer like any other), so no
 * redirect can lead to an address the guard refuses. With a guard, a refused target is a failure
 * with code WEBHOOK_TARGET_REFUSED and nothing is sent.
 */
export function postWebhook(
  url: URL,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: PostWebhookOptions,
): Promise<WebhookExchange> {
  return new Promise((resolve) => {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let settled = false;
    let response: http.IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    let truncated = false;

    const settle = (exchange: WebhookExchange): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(exchange);
    };
    const settleResponse = (interrupted: boolean): void => {
      if (!response) return;
      settle({
        kind: 'response',
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: Buffer.concat(chunks),
        truncated,
        interrupted,
        durationMs: elapsed(),
      });
    };
    const fail = (errorCode: string, message: string): void => {
      if (response) settleResponse(true);
      else settle({ kind: 'failure', errorCode, message, durationMs: elapsed() });
    };

    const refusal = options.guard?.literalRefusal(url);
    if (refusal !== undefined) {
      resolve({ kind: 'failure', errorCode: TARGET_REFUSED, message: refusal, durationMs: elapsed() });
      return;
    }
    let request: http.ClientRequest;
    try {
      const transport = url.protocol === 'https:' ? https : http;
      request = transport.request(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: url.protocol === 'https:' ? options.agents.https : options.agents.http,
        ...(options.guard ? { lookup: options.guard.lookup } : {}),
      });
    } catch (error) {
      // Thrown before any I/O (a header Node refuses, say): nothing to clean up.
      const { code, message } = error as NodeJS.ErrnoException;
      resolve({ kind: 'failure', errorCode: code ?? 'REQUEST_FAILED', message: String(message), durationMs: elapsed() });
      return;
    }
    const timer = setTimeout(() => {
      fail('TIMEOUT', `no complete answer within ${options.timeoutMs} ms`);
      request.destroy();
    }, options.timeoutMs);

    request.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'REQUEST_FAILED', error.message));
    request.on('response', (incoming) => {
      response = incoming;
      incoming.on('data', (chunk: Buffer) => {
        const room = options.maxResponseBytes - received;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          received = options.maxResponseBytes;
          truncated = true;
          settleResponse(false);
          // Stop reading: the socket is closed rather than drained, so a huge body costs nothing more.
          request.destroy();
          return;
        }
        chunks.push(chunk);
        received += chunk.length;
      });
      incoming.on('end', () => settleResponse(false));
      incoming.on('error', () => settleResponse(true));
      incoming.on('close', () => settleResponse(!incoming.complete));
    });
    request.end(body);
  });
}
