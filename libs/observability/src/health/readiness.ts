import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';

/** How long a readiness probe waits for the database or the brokers before calling them down. */
export const PROBE_TIMEOUT_MS = 2_000;

/** What `databaseCheck` asks the database: any query (a TypeORM DataSource fits). */
export interface QueryRunnerLike {
  query(sql: string): Promise<unknown>;
}

/** What `kafkaCheck` asks the brokers: how many answer (a KafkaProbe fits). */
export interface BrokerProbe {
  brokers(timeoutMs: number): Promise<number>;
}

/** `GET /health/live`: the process runs and its event loop answers; it checks nothing else, so a restart never fixes a dependency. */
export function liveness(): { status: 'ok'; pid: number; uptimeSeconds: number } {
  return { status: 'ok', pid: process.pid, uptimeSeconds: Math.round(process.uptime()) };
}

/**
 * Runs the readiness checks with terminus: 200 with `status: "ok"` (or `"degraded"` when a check
 * reports degraded), else 503 with the same body, naming the check that failed in `error`.
 */
export async function readiness(
  health: HealthCheckService,
  checks: HealthIndicatorFunction[],
  response: Response,
): Promise<HealthCheckResult> {
  try {
    return await health.check(checks);
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    response.status(503);
    return error.getResponse() as HealthCheckResult;
  }
}

/** The `database` check: a `SELECT 1` answered within PROBE_TIMEOUT_MS. */
export function databaseCheck(indicators: HealthIndicatorService, database: QueryRunnerLike): HealthIndicatorFunction {
  return () =>
    indicators
      .check('database')
      .attempt(async () => {
        await database.query('SELECT 1');
      })
      .withTimeout(PROBE_TIMEOUT_MS);
}

/**
 * The `kafka` check: a broker answers the admin client's DescribeCluster within PROBE_TIMEOUT_MS.
 * `required: false` reports an unreachable cluster as `degraded` (200) instead of `down` (503),
 * for a process that keeps doing its work without Kafka (the hub's API keeps accepting events
 * into the outbox).
 */
export function kafkaCheck(indicators: HealthIndicatorService, probe: BrokerProbe, required = true): HealthIndicatorFunction {
  return async () => {
    const session = indicators.check('kafka');
    try {
      return session.up({ brokers: await probe.brokers(PROBE_TIMEOUT_MS) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return required ? session.down({ message }) : session.degraded({ message });
    }
  };
}
