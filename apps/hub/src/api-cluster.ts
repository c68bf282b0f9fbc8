import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import { serveClusterMetrics } from '@hub/observability';
import type { HubConfig } from './config/hub-config.js';

/** What a hub process started by the cluster tells the primary once it serves. */
export const PROCESS_READY = 'hub:ready';

/** Whether this process should start the API cluster instead of running the hub itself. */
export function runsApiCluster(config: HubConfig): boolean {
  return cluster.isPrimary && config.HUB_API_PROCESSES > 1 && config.HUB_ROLES.includes('api');
}

/**
 * The primary of HUB_API_PROCESSES > 1: starts that many processes with only the `api` role (and `console`, if chosen), which
 * share the HTTP (and HTTPS) port through node:cluster, and one process with the other roles of
 * HUB_ROLES, which serves no HTTP (several relays or sealers are not wanted here). It runs no hub
 * code itself, but gathers the processes' metrics for whichever of them answers `/metrics`. A process that dies after it came up is replaced; one that dies while starting would
 * only die again, so the primary stops the rest and exits 1. SIGTERM or SIGINT stops every process
 * gracefully and exits once all are gone.
 */
export function runApiCluster(config: HubConfig): void {
  const logger = new Logger('ApiCluster');
  // The console serves HTTP too: it runs beside the API in each process that shares the port.
  const served = config.HUB_ROLES.includes('console') ? 'api,console' : 'api';
  const others = config.HUB_ROLES.filter((role) => role !== 'api' && role !== 'console');
  const running = new Set<Worker>();
  const ready = new Set<Worker>();
  let stopping = false;

  const start = (roles: string): void => {
    const worker = cluster.fork({ HUB_ROLES: roles });
    running.add(worker);
    worker.on('message', (message: unknown) => {
      if (message === PROCESS_READY) ready.add(worker);
    });
    worker.on('exit', (code, signal) => {
      running.delete(worker);
      const wasReady = ready.delete(worker);
      if (stopping) {
        if (running.size === 0) process.exit();
        return;
      }
      if (!wasReady) {
        logger.error({ message: 'a hub process failed to start; stopping the others', roles, pid: worker.process.pid, code, signal });
        stop(1);
        return;
      }
      logger.warn({ message: 'a hub process died; starting another', roles, pid: worker.process.pid, code, signal });
      start(roles);
    });
  };

  const stop = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    if (running.size === 0) process.exit();
    for (const worker of running) worker.process.kill('SIGTERM');
  };

  // A process asked for `/metrics` gets every process's metrics, gathered here.
  serveClusterMetrics();
  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));
  for (let i = 0; i < config.HUB_API_PROCESSES; i += 1) start(served);
  if (others.length > 0) start(others.join(','));
  logger.log({ message: 'API cluster started', apiProcesses: config.HUB_API_PROCESSES, otherRoles: others });
}

/** In a process the cluster started: tells the primary that it serves. */
export function reportReady(): void {
  if (cluster.isWorker) process.send?.(PROCESS_READY);
}
