import { connect, type Socket } from 'node:net';

/** What a raw HTTP exchange saw: the status line's code, headers, body, and whether the server closed. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Bytes of the request the client managed to write before the answer came. */
  readonly written: number;
  /** Milliseconds from connecting to the end of the answer. */
  readonly elapsedMs: number;
  /** Whether the server closed the connection after answering. */
  readonly closed: boolean;
}

/**
 * Talks HTTP/1.1 over a plain TCP socket, so a test can lie about Content-Length, stream a chunked
 * body forever or stop half-way through the headers, as an abusive client would. `head` is sent
 * first; then `body` chunks are written one after another until the server answers or they run
 * out. Resolves when the server's answer is complete and it closed the connection (or `waitMs` passed).
 */
export async function rawExchange(
  url: string,
  head: string,
  body: Iterable<Buffer> = [],
  options: { waitMs?: number } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const received: Buffer[] = [];
  let closed = false;
  let written = 0;
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => undefined);
  const ended = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  socket.write(head);
  for (const chunk of body) {
    if (received.length > 0 || closed) break;
    if (!socket.write(chunk)) await drainedOrClosed(socket);
    written += chunk.length;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, options.waitMs ?? 10_000)))]);
  clearTimeout(timer);
  const elapsedMs = Date.now() - started;
  socket.destroy();
  return { ...parseAnswer(Buffer.concat(received).toString('utf8')), written, elapsedMs, closed };
}

function drainedOrClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      socket.off('data', done);
      resolve();
    };
    socket.once('drain', done).once('close', done).once('data', done);
  });
}

function parseAnswer(text: string): { status: number; headers: Record<string, string>; body: string } {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n') };
}

/** `count` chunks of `size` bytes of JSON-ish filler. */
export function* fillerChunks(count: number, size: number): Generator<Buffer> {
  const chunk = Buffer.alloc(size, 0x20);
  for (let i = 0; i < count; i += 1) yield chunk;
}

/** The same chunks framed for Transfer-Encoding: chunked. */
export function* chunked(chunks: Iterable<Buffer>): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
}
