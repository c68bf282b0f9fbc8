import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { verifyCheck, type SignatureCheck } from './verify-event.js';

/**
 * The worker's whole program: Ed25519 verification with node:crypto, public keys read once each.
 * It is handed to the Worker as source text rather than as a file, so it runs the same from the
 * built `dist/` and from the TypeScript sources the test runner loads, with nothing to resolve.
 *
 * A message is one ArrayBuffer laid out by packChecks, moved to the thread and back (transferred,
 * not copied): the thread reads the keys, inputs and signatures through views of it, writes a byte
 * per check into its first bytes, and sends it back. The thread allocates nothing per check itself.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
function keyOf(der) {
  const id = der.toString('latin1');
  let key = keys.get(id);
  if (!key) {
    if (keys.size >= 4096) keys.clear();
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    keys.set(id, key);
  }
  return key;
}
parentPort.on('message', ({ id, count, buffer }) => {
  const results = new Uint8Array(buffer, 0, count);
  const fields = new Uint32Array(buffer, Math.ceil(count / 4) * 4, count * 6);
  for (let at = 0; at < count; at += 1) {
    const f = at * 6;
    try {
      const key = keyOf(Buffer.from(buffer, fields[f], fields[f + 1]));
      const ok = verify(null, Buffer.from(buffer, fields[f + 2], fields[f + 3]), key, Buffer.from(buffer, fields[f + 4], fields[f + 5]));
      results[at] = ok ? 1 : 0;
    } catch {
      results[at] = 0;
    }
  }
  parentPort.postMessage({ id, buffer }, [buffer]);
});
`;

/** The bytes a message reserves for its results, a multiple of 4 so the field table after it is aligned (the thread counts the same). */
function resultsBytes(count: number): number {
  return Math.ceil(count / 4) * 4;
}

/** A check as the thread receives it: the key as DER (SPKI), the signed bytes and the signature. */
export interface PackedCheck {
  readonly key: Uint8Array;
  readonly input: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * One message's checks in one ArrayBuffer: a result byte per check, then six offsets and lengths per
 * check (key, input, signature), then the bytes. One buffer that is transferred costs the thread no
 * allocation and the sender no copy beyond this one; a message of separate views copied each view's
 * whole ArrayBuffer, which for a signature decoded from base64url is Node's shared 64 KiB pool.
 */
export function packChecks(checks: readonly PackedCheck[]): ArrayBuffer {
  const count = checks.length;
  const tableAt = resultsBytes(count);
  let size = tableAt + count * 6 * 4;
  for (const { key, input, signature } of checks) size += key.byteLength + input.byteLength + signature.byteLength;
  const buffer = new ArrayBuffer(size);
  const fields = new Uint32Array(buffer, tableAt, count * 6);
  const bytes = new Uint8Array(buffer);
  let at = tableAt + count * 6 * 4;
  checks.forEach((check, index) => {
    [check.key, check.input, check.signature].forEach((part, which) => {
      fields[index * 6 + which * 2] = at;
      fields[index * 6 + which * 2 + 1] = part.byteLength;
      bytes.set(part, at);
      at += part.byteLength;
    });
  });
  return buffer;
}

/** The results the thread wrote into a message's buffer: true where the signature verified. */
export function unpackResults(buffer: ArrayBuffer, count: number): boolean[] {
  return Array.from(new Uint8Array(buffer, 0, count), (byte) => byte === 1);
}

interface Job {
  readonly id: number;
  readonly checks: readonly SignatureCheck[];
  readonly resolve: (results: boolean[]) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly jobs: Map<number, Job>;
}

export interface SignatureWorkerPoolOptions {
  /** Worker threads (at least 1). */
  readonly threads: number;
  /** Signatures per message to a worker: larger chunks cost fewer messages, smaller ones spread a request over more threads. */
  readonly chunkSize: number;
}

/**
 * Verifies Ed25519 event signatures on worker threads, so the event loop keeps reading and answering
 * requests while the other cores verify. Checks asked for in the same turn of the event loop (the
 * events of one request) go out together, in chunks, to the least busy thread. SM2 signatures are
 * verified in the calling thread: their library is JavaScript, not a call into OpenSSL.
 *
 * Written on node:worker_threads directly rather than with a pool library: the task is one pure
 * function, and a library would need a worker file on disk, which the test runner (TypeScript
 * sources) and the build (`dist/`) would each have to find.
 */
export class SignatureWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private pending: { check: SignatureCheck; resolve: (ok: boolean) => void; reject: (error: Error) => void }[] = [];
  private flushScheduled = false;
  private nextJob = 0;
  private closed = false;
  private readonly keyDer = new WeakMap<KeyObject, Uint8Array>();

  /** The threads start with the first check sent to them, so a process that never needs them never has them. */
  constructor(private readonly options: SignatureWorkerPoolOptions) {}

  /** Whether the signature verifies; usable as `verify` of verifyEventSignature. */
  readonly verify = (check: SignatureCheck): boolean | Promise<boolean> => {
    if (check.alg !== 'ed25519' || this.closed) return verifyCheck(check);
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ check, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  };

  /** Stops the threads; checks asked for afterwards run in the calling thread. */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (let at = 0; at < batch.length; at += this.options.chunkSize) {
      const chunk = batch.slice(at, at + this.options.chunkSize);
      this.send(chunk.map(({ check }) => check)).then(
        (results) => chunk.forEach(({ resolve }, index) => resolve(results[index] === true)),
        (error: Error) => chunk.forEach(({ reject }) => reject(error)),
      );
    }
  }

  private send(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    if (this.closed) return Promise.resolve(checks.map(verifyCheck));
    while (this.workers.length < Math.max(1, this.options.threads)) this.workers.push(this.start());
    const target = this.workers.reduce((least, candidate) => (candidate.jobs.size < least.jobs.size ? candidate : least));
    return new Promise<boolean[]>((resolve) => {
      const id = (this.nextJob += 1);
      // A thread holds the process open only while it has checks to answer.
      if (target.jobs.size === 0) target.worker.ref();
      target.jobs.set(id, { id, checks, resolve });
      const buffer = packChecks(checks.map(({ publicKey, input, signature }) => ({ key: this.derOf(publicKey), input, signature })));
      target.worker.postMessage({ id, count: checks.length, buffer }, [buffer]);
    });
  }

  private derOf(key: KeyObject): Uint8Array {
    let der = this.keyDer.get(key);
    if (!der) {
      der = new Uint8Array(key.export({ type: 'spki', format: 'der' }));
      this.keyDer.set(key, der);
    }
    return der;
  }

  private start(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const entry: PoolWorker = { worker, jobs: new Map() };
    worker.on('message', ({ id, buffer }: { id: number; buffer: ArrayBuffer }) => {
      const job = entry.jobs.get(id);
      entry.jobs.delete(id);
      if (entry.jobs.size === 0) worker.unref();
      job?.resolve(unpackResults(buffer, job.checks.length));
    });
    // A thread that fails takes its unanswered checks with it: they are verified here instead, and a new thread takes its place.
    const replace = (): void => {
      const index = this.workers.indexOf(entry);
      if (index < 0) return;
      if (this.closed) this.workers.splice(index, 1);
      else this.workers[index] = this.start();
      for (const job of entry.jobs.values()) job.resolve(job.checks.map(verifyCheck));
      entry.jobs.clear();
    };
    worker.on('error', replace);
    worker.on('exit', replace);
    // After the listeners, which hold the process open again.
    worker.unref();
    return entry;
  }
}
