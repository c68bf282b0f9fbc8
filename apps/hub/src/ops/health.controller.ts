import { CANONICAL_TOPIC_NAMES } from '@hub/contracts';
import { Controller, Get, Optional, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { databaseCheck, kafkaCheck, liveness, PROBE_TIMEOUT_MS, readiness } from '@hub/observability';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { DispatchStallMonitor, type StalledPartition } from '../dispatch/index.js';

/** An alarm `/health` raises while the hub still serves (and therefore still answers 200). */
export interface HealthAlarm extends StalledPartition {
  readonly code: 'DISPATCH_PARTITION_STALLED';
}

export interface HealthReport {
  /** `degraded` while any alarm is raised. */
  readonly status: 'ok' | 'degraded';
  readonly alarms: HealthAlarm[];
  readonly outbox: { pending: number; oldestAgeSeconds: number; deliveriesPending: number };
  /** The process that answered: with HUB_API_PROCESSES > 1, one of several behind the same port. */
  readonly pid: number;
}

/**
 * `GET /health`: the database answers, how many events wait for Kafka and how many deliveries to
 * agencies' topics, and (in a process with the dispatch role) whether a partition of the dispatch
 * stream is stalled. A stall is reported as `status: "degraded"` with its alarms and HTTP 200, not
 * 503: publishing still works and keeps events safe, so a load balancer must not take the API out.
 * `GET /health/live` and `GET /health/ready` are the probes an orchestrator polls (terminus).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaProbe,
    @Optional() private readonly stallMonitor?: DispatchStallMonitor,
  ) {}

  @Get()
  async report(): Promise<HealthReport> {
    const outbox = await this.outbox();
    const alarms = this.alarms();
    return { status: alarms.length > 0 ? 'degraded' : 'ok', alarms, outbox, pid: process.pid };
  }

  /** Liveness: the process answers. Nothing else, so a database outage never gets the hub restarted. */
  @Get('live')
  live(): ReturnType<typeof liveness> {
    return liveness();
  }

  /**
   * Readiness: 503 when the database does not answer (nothing can be accepted). Kafka unreachable,
   * or a stalled dispatch partition, is `degraded` with 200: the API still accepts events into the
   * outbox, which the relay drains once the brokers return.
   */
  @Get('ready')
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [
      databaseCheck(this.indicators, this.dataSource),
      kafkaCheck(this.indicators, this.kafka, false),
      () =>
        this.indicators
          .check('outbox')
          .attempt(() => this.outbox())
          .withTimeout(PROBE_TIMEOUT_MS),
      () => {
        const alarms = this.alarms();
        const dispatch = this.indicators.check('dispatch');
        return alarms.length > 0 ? dispatch.degraded({ alarms }) : dispatch.up();
      },
    ];
    return readiness(this.health, checks, response);
  }

  private async outbox(): Promise<HealthReport['outbox']> {
    const [row] = await this.dataSource.query<{ pending: number; age: number; deliveries: number }[]>(
      `SELECT count(*) FILTER (WHERE o.topic = ANY($1::text[]))::int AS pending,
              count(*) FILTER (WHERE o.topic LIKE 'agency.%')::int AS deliveries,
              coalesce(extract(epoch FROM now() - min(o.created_at)), 0)::float AS age
         FROM outbox o`,
      [CANONICAL_TOPIC_NAMES],
    );
    return { pending: row?.pending ?? 0, oldestAgeSeconds: Math.round(row?.age ?? 0), deliveriesPending: row?.deliveries ?? 0 };
  }

  private alarms(): HealthAlarm[] {
    return (this.stallMonitor?.stalled() ?? []).map((stall) => ({ code: 'DISPATCH_PARTITION_STALLED' as const, ...stall }));
  }
}
