import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunAs } from './postgres-placement.js';

/** What to do when a PostgreSQL program cannot even be started (the error spawn reports). */
function cannotStart(program: string, error: NodeJS.ErrnoException): Error {
  const hint =
    error.code === 'EACCES'
      ? ' The user PostgreSQL runs as cannot reach it: clone the repository into a folder every user can pass through (not under a mode-700 home), or set DATABASE_URL to a PostgreSQL server.'
      : ' Set DATABASE_URL to a PostgreSQL server instead.';
  return new Error(`Cannot start ${program} (${error.code ?? error.message}).${hint}`);
}

function spawnAs(program: string, args: readonly string[], runAs: RunAs | undefined, detached: boolean): ChildProcess {
  return spawn(program, [...args], {
    ...(runAs ?? {}),
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' },
  });
}

/** Runs a program to its end; rejects with its output when it fails or cannot start. */
export function runToEnd(program: string, args: readonly string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(program, args, runAs, false);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error) => reject(cannotStart(program, error)));
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${program} failed (exit code ${code ?? 'none'}): ${output.trim().slice(-2000)}`)),
    );
  });
}

/** A PostgreSQL server process. */
export interface PostgresServer {
  /** Fast shutdown (SIGINT), then SIGKILL after 30 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the server in its own process group (Ctrl-C in the terminal then reaches only the script
 * that stops it in order) and resolves once it accepts connections.
 */
export function runPostgres(program: string, args: readonly string[], runAs: RunAs | undefined): Promise<PostgresServer> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(program, args, runAs, true);
    let output = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', (error) => reject(cannotStart(program, error)));
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (output.includes('database system is ready to accept connections')) resolve({ stop: () => stopChild(child, exited) });
    });
    child.once('close', (code) => reject(new Error(`PostgreSQL exited while starting (exit code ${code ?? 'none'}): ${output.trim()}`)));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Stops a server left running on `dataDir` by a start that was killed (it runs in its own process
 * group, so it outlives a killed parent), so this start can take its place.
 */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1 || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isPostgres(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}
