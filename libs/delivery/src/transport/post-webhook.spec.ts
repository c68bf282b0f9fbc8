import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postWebhook, type PostWebhookOptions } from './post-webhook.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** A real local server whose behaviour each test sets; no network beyond 127.0.0.1. */
describe('postWebhook', () => {
  let handler: Handler = (_request, response) => response.end();
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(request, response);
    });
  });
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const options: PostWebhookOptions = { timeoutMs: 2_000, maxResponseBytes: 1_024, agents };
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agents.http.destroy();
    agents.https.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body = '{"n":1}', overrides: Partial<PostWebhookOptions> = {}) =>
    postWebhook(new URL(`${base}/hook`), body, { 'content-type': 'application/json', 'x-test': 'yes' }, { ...options, ...overrides });

  it('POSTs the body with the headers and reads the answer', async () => {
    handler = (_request, response) => response.writeHead(202, { 'content-type': 'application/json' }).end('{"receipt":null}');
    const exchange = await post('{"n":"一"}');
    expect(exchange).toMatchObject({ kind: 'response', status: 202, truncated: false, interrupted: false });
    expect(exchange.kind === 'response' && exchange.body.toString()).toBe('{"receipt":null}');
    expect(received.at(-1)).toMatchObject({ body: '{"n":"一"}', headers: { 'x-test': 'yes', 'content-length': '11' } });
  });

  it('reads no more than maxResponseBytes of a huge answer and closes the connection', async () => {
    handler = (_request, response) => {
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 160 && response.write(chunk)) sent += 1;
        if (sent >= 160) response.end();
        else response.once('drain', pump);
      };
      response.on('error', () => undefined);
      pump();
    };
    const exchange = await post();
    expect(exchange).toMatchObject({ kind: 'response', status: 200, truncated: true });
    expect(exchange.kind === 'response' && exchange.body.length).toBe(1_024);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    handler = (_request, response) => setTimeout(() => response.writeHead(200).end(), 3_000).unref();
    const exchange = await post('{}', { timeoutMs: 300 });
    expect(exchange).toMatchObject({ kind: 'failure', errorCode: 'TIMEOUT' });
  });

  it('returns the status of a receiver that stops halfway through its answer', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"rec');
      setTimeout(() => response.destroy(), 50);
    };
    const exchange = await post();
    expect(exchange).toMatchObject({ kind: 'response', status: 200, interrupted: true });
  });

  it('reports a refused connection and a TLS failure as failures with their codes', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await postWebhook(new URL(`http://127.0.0.1:${port}/`), '{}', {}, options);
    expect(refused).toMatchObject({ kind: 'failure', errorCode: 'ECONNREFUSED' });

    handler = (_request, response) => response.end();
    const tls = await postWebhook(new URL(base.replace('http:', 'https:')), '{}', {}, options);
    expect(tls.kind).toBe('failure');
    expect(tls.kind === 'failure' && tls.errorCode).toMatch(/^(EPROTO|ERR_SSL_|ECONNRESET)/);
  });

  it('reports a header Node refuses to send without throwing', async () => {
    const exchange = await postWebhook(new URL(`${base}/`), '{}', { 'x-bad': 'line\nbreak' }, options);
    expect(exchange).toMatchObject({ kind: 'failure', errorCode: 'ERR_INVALID_CHAR' });
  });
});
