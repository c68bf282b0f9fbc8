import { Agent, request } from 'node:http';

/**
 * Keep-alive connections to the hub, at most 64 at once; further requests queue in the client. A
 * connection idle for 5 s is closed by the client, before the hub closes it (HTTP_KEEP_ALIVE_TIMEOUT_MS,
 * 10 s), so a request is not written to a connection the hub is closing at that moment.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 5_000 });

/** The connection was closed under a request sent on a reused connection: nothing of it was answered. */
const RESET = new Set(['ECONNRESET', 'EPIPE']);

/**
 * POSTs JSON (a value, or bytes already serialized) and resolves once the answer has been read. A
 * request that finds its reused keep-alive connection closed is sent once more on a new one, as HTTP
 * clients do; publishing is idempotent by event id, so a second copy changes nothing.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; text: string }> {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  try {
    return await postOnce(url, payload, headers);
  } catch (error) {
    const { code, reusedSocket } = error as { code?: string; reusedSocket?: boolean };
    if (!reusedSocket || !RESET.has(code ?? '')) throw error;
    return postOnce(url, payload, headers);
  }
}

function postOnce(url: string, payload: Buffer, headers: Readonly<Record<string, string>>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(payload);
  });
}
