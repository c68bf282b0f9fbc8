import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the receiver got it. */
export interface ReceivedRequest {
  /** The request's path, e.g. `/webhook` or `/psb-310000/permits`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * How to answer: a status (after `delayMs`), or `hang` (never answer; the connection stays open
 * until the caller gives up or the receiver closes), or `destroy` (cut the connection at once).
 */
export type ReceiverReply =
  | {
      readonly status: number;
      readonly body?: string | object;
      readonly headers?: Readonly<Record<string, string>>;
      readonly delayMs?: number;
      /** Called once the answer is written (not when the caller went away before it). */
      readonly onSent?: () => void;
    }
  | { readonly hang: true }
  | { readonly destroy: true };

export interface StartedWebhookReceiver {
  /** The receiver's `/webhook` URL; any other path on the same origin reaches it too. */
  readonly url: string;
  /** The receiver's origin, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * A subscriber's webhook endpoint for tests: a real HTTP server on 127.0.0.1 (a free port) that
 * answers every request as `reply` says.
 */
export async function startWebhookReceiver(
  reply: (request: ReceivedRequest) => ReceiverReply | Promise<ReceiverReply>,
): Promise<StartedWebhookReceiver> {
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      void Promise.resolve(reply(received)).then(
        (answer) => answerWith(answer, response, timers),
        () => response.writeHead(500).end(),
      );
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/webhook`,
    origin,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function answerWith(answer: ReceiverReply, response: http.ServerResponse, timers: Set<NodeJS.Timeout>): void {
  response.on('error', () => undefined);
  if ('hang' in answer) return;
  if ('destroy' in answer) {
    response.destroy();
    return;
  }
  const send = (): void => {
    if (response.destroyed) return;
    const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(body);
    answer.onSent?.();
  };
  if (!answer.delayMs) return send();
  const timer = setTimeout(() => {
    timers.delete(timer);
    send();
  }, answer.delayMs);
  timers.add(timer);
}
