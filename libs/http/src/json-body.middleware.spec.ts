import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { JSON_MEDIA_TYPES, jsonBody, type BodyRefusal } from './json-body.js';

/** jsonBody in a real Express app on a local port, echoing what it read. */
describe('jsonBody', () => {
  let server: Server;
  let url: string;
  const refusals: BodyRefusal[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(
      jsonBody('1kb', {
        admit: (request, hasBody) =>
          hasBody && request.headers.authorization !== 'Bearer ok'
            ? { status: 401, code: 'UNAUTHENTICATED', message: 'no key' }
            : undefined,
        onRefusal: (_request, refusal) => refusals.push(refusal),
        mediaTypes: (request) => (request.headers['x-media'] === 'cloudevents' ? ['application/cloudevents+json'] : JSON_MEDIA_TYPES),
      }),
    );
    app.post('/echo', (request, response) => {
      response.json({ body: request.body as unknown });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = async (
    body: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: unknown; connection: string | null }> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ok', ...headers },
      body,
    });
    return { status: response.status, json: await response.json(), connection: response.headers.get('connection') };
  };

  it('reads strict JSON', async () => {
    expect(await post('{"a":[1,"é"]}')).toMatchObject({ status: 200, json: { body: { a: [1, 'é'] } } });
  });

  it('asks admit before reading, and closes the connection on its refusal', async () => {
    const answer = await post('{"a":1}', { authorization: 'Bearer wrong' });
    expect(answer).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHENTICATED' } }, connection: 'close' });
  });

  it('refuses a body above the limit with 413 and closes the connection', async () => {
    const answer = await post(`{"a":"${'x'.repeat(2000)}"}`);
    expect(answer).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } }, connection: 'close' });
  });

  it.each([[{ 'content-type': 'text/plain' }], [{ 'content-type': 'application/json; charset=utf-16' }], [{ 'content-encoding': 'gzip' }]])(
    'refuses %j with 415',
    async (headers) => {
      expect((await post('{"a":1}', headers)).status).toBe(415);
    },
  );

  it('reads the media types the route names, and refuses the others with 415 naming them', async () => {
    const cloudEvent = { 'content-type': 'application/cloudevents+json; charset=utf-8' };
    expect(await post('{"a":1}', { ...cloudEvent, 'x-media': 'cloudevents' })).toMatchObject({ status: 200, json: { body: { a: 1 } } });
    expect(await post('{"a":1}', cloudEvent)).toMatchObject({
      status: 415,
      json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON with Content-Type: application/json.' } },
    });
  });

  it('refuses duplicate and forbidden member names with the path and rule', async () => {
    expect(await post('{"a":{"b":1,"b":2}}')).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION_FAILED', issues: [{ path: 'a.b', rule: 'uniqueMemberName' }] } },
    });
    expect(await post('{"a":[{"__proto__":{"x":1}}]}')).toMatchObject({
      status: 400,
      json: { error: { issues: [{ path: 'a[0].__proto__', rule: 'allowedMemberName', messageZh: expect.any(String) as unknown }] } },
    });
  });

  it('refuses invalid UTF-8 and deep nesting', async () => {
    expect(await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toMatchObject({
      status: 400,
      json: { error: { code: 'MALFORMED_JSON' } },
    });
    expect(await post(`${'['.repeat(40)}${']'.repeat(40)}`)).toMatchObject({ status: 400, json: { error: { code: 'BODY_TOO_DEEP' } } });
    expect(refusals.map((refusal) => refusal.code)).toEqual(expect.arrayContaining(['MALFORMED_JSON', 'BODY_TOO_DEEP', 'UNAUTHENTICATED']));
  });
});
