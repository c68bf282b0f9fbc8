import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { PresignedRequestReader, signedOnDemand, writePresignedRequests } from './presigned-requests.js';

const dir = mkdtempSync(join(tmpdir(), 'presigned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in signer that marks each event, with a value that needs escaping in JSON. */
let signedCount = 0;
const sign = <T extends object>(event: T): T => {
  signedCount += 1;
  return { ...event, signature: { note: 'tab\there\nnewline', n: signedCount } };
};

function readAll(reader: PresignedRequestReader): { ids: readonly string[]; body: Record<string, unknown> }[] {
  const out: { ids: readonly string[]; body: Record<string, unknown> }[] = [];
  for (let request = reader.next(); request; request = reader.next()) {
    out.push({ ids: request.ids, body: JSON.parse(request.body.toString('utf8')) as Record<string, unknown> });
  }
  return out;
}

describe('presigned requests', () => {
  it('writes every event once, in requests of the asked size with the remainder last, and reads them back in order', async () => {
    const file = join(dir, 'round-trip.ndjson');
    const progress: number[] = [];
    const written = await writePresignedRequests(file, 23, 10, sign, (n) => progress.push(n));
    expect(written.requests).toBe(3);
    expect(written.bytes).toBe(readFileSync(file).length);
    expect(progress.at(-1)).toBe(23);
    // A chunk far smaller than a line: every line spans several reads.
    const reader = new PresignedRequestReader(file, 64);
    const requests = readAll(reader);
    reader.close();
    expect(requests.map((r) => r.ids.length)).toEqual([10, 10, 3]);
    const events = requests.flatMap((r) => r.body['events'] as Record<string, unknown>[]);
    expect(events).toHaveLength(23);
    expect(events.map((e) => e['id'])).toEqual(requests.flatMap((r) => r.ids));
    expect(new Set(events.map((e) => e['id'])).size).toBe(23);
    expect(events.every((e) => (e['signature'] as { note: string }).note === 'tab\there\nnewline')).toBe(true);
    // In the order they were signed.
    const order = events.map((e) => (e['signature'] as { n: number }).n);
    expect(order).toEqual(order.map((_, i) => order[0]! + i));
  });

  it('posts a request of one event as the event itself, as agencies do', async () => {
    const file = join(dir, 'single.ndjson');
    await writePresignedRequests(file, 2, 1, sign);
    const reader = new PresignedRequestReader(file);
    const requests = readAll(reader);
    reader.close();
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.body['id'])).toEqual(requests.map((r) => r.ids[0]));
    expect(requests.every((r) => r.body['type'] === 'work-permit.issued')).toBe(true);
  });

  it('as a source, refuses a request of another size than the load expects, and the end of the file', async () => {
    const file = join(dir, 'source.ndjson');
    await writePresignedRequests(file, 15, 10, sign);
    const reader = new PresignedRequestReader(file);
    const next = reader.source();
    expect(next(10).ids).toHaveLength(10);
    expect(() => next(10)).toThrow('the next request carries 5 events, the load wants 10');
    expect(() => next(5)).toThrow('has no more requests, but the load wants one of 5 events');
    reader.close();
  });

  it('names a file cut off in the middle of a request', () => {
    const file = join(dir, 'cut.ndjson');
    writeFileSync(file, 'a,b\t{"events":[]}\nc\t{"id":"c"');
    const reader = new PresignedRequestReader(file);
    expect(reader.next()?.ids).toEqual(['a', 'b']);
    expect(() => reader.next()).toThrow(`${file} ends in the middle of a request`);
    reader.close();
  });

  it('signs on demand with the same shape, for loads too short to be worth a file', () => {
    const next = signedOnDemand(sign);
    const request = next(3);
    const body = JSON.parse(request.body.toString('utf8')) as { events: { id: string }[] };
    expect(body.events.map((e) => e.id)).toEqual(request.ids);
  });
});
