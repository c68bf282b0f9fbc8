import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { verifyCheck, type SignatureCheck } from './verify-event.js';

/**
 * The worker's whole program: Ed25519 verification with node:crypto, public keys read once each.
 * It is handed to the Worker as source text rather than as a file, so it runs the same from the
 * built `dist/` and from the TypeScript sources the test runner loads, with nothing to resolve.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
function keyOf(der) {
  const id = Buffer.from(der).toString('base64');
  let key = keys.get(id);
  if (!key) {
    if (keys.size >= 4096) keys.clear();
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    keys.set(id, key);
  }
  return key;
}
parentPort.on('message', ({ id, checks }) => {
  const results = checks.map(({ key, input, signature }) => {
    try {
      return verify(null, input, keyOf(key), signature);
    } catch {
      return false;
    }
  });
  parentPort.postMessage({ id, results });
});
`;

/**
 * The bytes of a view on their own. A message to a thread copies a view's whole ArrayBuffer, and a
 * small Buffer (a signature decoded from base64url) is a view into Node's shared 64 KiB pool: each
 * message carried 64 KiB or more for ten 64-byte signatures, and the thread allocated and collected
 * a 64 KiB buffer for every message.
 */
export function ownBytes(view: Uint8Array): Uint8Array {
  // Not view.slice(): Buffer's slice is a view of the same memory.
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : new Uint8Array(view);
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
      target.worker.postMessage({
        id,
        checks: checks.map(({ publicKey, input, signature }) => ({
          key: this.derOf(publicKey),
          input: ownBytes(input),
          signature: ownBytes(signature),
        })),
      });
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
    worker.on('message', ({ id, results }: { id: number; results: boolean[] }) => {
      const job = entry.jobs.get(id);
      entry.jobs.delete(id);
      if (entry.jobs.size === 0) worker.unref();
      job?.resolve(results);
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
