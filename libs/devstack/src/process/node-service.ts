import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { repoRoot } from '../repo-root.js';
import { nodeRuntimeFlags, processEnvDefaults } from './node-flags.js';

/** A Node app started as a child process, its output appended to a log file. */
export interface NodeService {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once: a crash, for fault tests. */
  kill(): Promise<void>;
}

/**
 * Starts `node <config/node-flags> [nodeArgs] <entry>` with `env` added to this process's
 * environment: the runtime flags and the environment (config/process-env, where this process's
 * environment does not set them) the container image uses too, then the caller's own.
 */
export function startNodeService(
  name: string,
  entry: string,
  env: Record<string, string>,
  logFile: string,
  nodeArgs: readonly string[] = [],
): NodeService {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const root = repoRoot();
  // From the repository root, as the container runs from /app: config/node-flags names files relative to it.
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeRuntimeFlags(root), ...nodeArgs, entry], {
    cwd: root,
    env: { ...processEnvDefaults(root), ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Both streams into one file: neither ends it (the other may still write); it is ended once both have.
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      // The output may still be on its way when the process is gone: wait until both streams have
      // ended and the file has it all, so a caller reading the log after `exited` sees every line. A
      // child of the process that still holds the streams (killed without its workers) is not waited for.
      const ended = Promise.all([child.stdout, child.stderr].map((stream) => streamEnded(stream)));
      void Promise.race([ended.then(() => true), delay(OUTPUT_WAIT_MS, undefined, { ref: false }).then(() => false)]).then((complete) =>
        complete ? log.end(() => resolve(code)) : resolve(code),
      );
    }),
  );
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  return { name, process: child, logFile, exited, stop, kill };
}

/** How long, after the process exited, its output may take to arrive before `exited` resolves anyway. */
const OUTPUT_WAIT_MS = 2_000;

function streamEnded(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}
