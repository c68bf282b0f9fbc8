import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { aWorkPermitIssuedEvent } from '@hub/testing';

/** One request of a load: the ids of its events and its body, serialized. */
export interface LoadRequest {
  readonly ids: readonly string[];
  readonly body: Buffer;
}

/** Hands out a load's requests in order; `size` is how many events the next one must carry. */
export type RequestSource = (size: number) => LoadRequest;

/**
 * Requests signed as they are asked for: a new work permit for a new person per event. The signing
 * then happens on the load generator's clock, on the machine the hub runs on; `presignedRequests`
 * keeps it off that clock.
 */
export function signedOnDemand(sign: <T extends object>(event: T) => T): RequestSource {
  return (size) => requestOf(Array.from({ length: size }, () => sign(aWorkPermitIssuedEvent())));
}

/**
 * Signs `total` events into `file` before a run, `eventsPerRequest` to a request (the last one takes
 * what remains), one request a line: the events' ids, a tab, the request's JSON body. JSON.stringify
 * escapes every control character inside strings and adds no whitespace, so neither a tab nor a
 * newline can occur in a body. Writes with back-pressure: memory stays flat however long the run.
 */
export async function writePresignedRequests(
  file: string,
  total: number,
  eventsPerRequest: number,
  sign: <T extends object>(event: T) => T,
  progress: (signed: number) => void = () => undefined,
): Promise<{ requests: number; bytes: number }> {
  const next = signedOnDemand(sign);
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  let signed = 0;
  let requests = 0;
  let reported = 0;
  while (signed < total) {
    const request = next(Math.min(eventsPerRequest, total - signed));
    signed += request.ids.length;
    requests += 1;
    if (!out.write(Buffer.concat([Buffer.from(`${request.ids.join(',')}\t`), request.body, NEWLINE]))) {
      await Promise.race([once(out, 'drain'), failed]);
    }
    if (signed - reported >= total / 10 || signed === total) {
      reported = signed;
      progress(signed);
    }
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return { requests, bytes: out.bytesWritten };
}

/**
 * Reads a file that `writePresignedRequests` wrote, one request at a time, synchronously in chunks
 * of `chunkBytes`: the generator's loop takes the next request with no await and no whole-file read.
 */
export class PresignedRequestReader {
  private readonly fd: number;
  private buffer = Buffer.alloc(0);
  private offset = 0;
  private position = 0;
  private ended = false;

  constructor(
    private readonly file: string,
    private readonly chunkBytes = 4 << 20,
  ) {
    this.fd = openSync(file, 'r');
  }

  /** The next request, or undefined at the end of the file. */
  next(): LoadRequest | undefined {
    for (;;) {
      const newline = this.buffer.indexOf(NEWLINE[0] ?? 0x0a, this.offset);
      if (newline >= 0) {
        const line = this.buffer.subarray(this.offset, newline);
        this.offset = newline + 1;
        return this.parse(line);
      }
      if (this.ended) {
        if (this.offset < this.buffer.length)
          throw new Error(`${this.file} ends in the middle of a request (no newline after its last line)`);
        return undefined;
      }
      this.fill();
    }
  }

  /** A source for the load: each request must carry the number of events the load expects next. */
  source(): RequestSource {
    return (size) => {
      const request = this.next();
      if (!request) throw new Error(`${this.file} has no more requests, but the load wants one of ${size} events`);
      if (request.ids.length !== size) {
        throw new Error(`${this.file}: the next request carries ${request.ids.length} events, the load wants ${size}`);
      }
      return request;
    };
  }

  close(): void {
    closeSync(this.fd);
  }

  private parse(line: Buffer): LoadRequest {
    const tab = line.indexOf(0x09);
    if (tab <= 0) throw new Error(`${this.file}: a line has no event ids before a tab`);
    // Copied out, so a request in flight does not keep the whole chunk it was read from alive.
    return { ids: line.toString('latin1', 0, tab).split(','), body: Buffer.from(line.subarray(tab + 1)) };
  }

  private fill(): void {
    const chunk = Buffer.allocUnsafe(this.chunkBytes);
    const read = readSync(this.fd, chunk, 0, chunk.length, this.position);
    this.position += read;
    if (read === 0) this.ended = true;
    this.buffer = Buffer.concat([this.buffer.subarray(this.offset), chunk.subarray(0, read)]);
    this.offset = 0;
  }
}

const NEWLINE = Buffer.from('\n');

/** One event is posted as itself, more as `{ events: [...] }`, as agencies send them. */
function requestOf(events: readonly Record<string, unknown>[]): LoadRequest {
  return {
    ids: events.map((event) => String(event['id'])),
    body: Buffer.from(JSON.stringify(events.length === 1 ? events[0] : { events })),
  };
}
