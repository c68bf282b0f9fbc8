import { CANONICAL_TOPIC_NAMES } from '@hub/contracts';
import { Controller, Get, Optional } from '@nestjs/common';
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
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly stallMonitor?: DispatchStallMonitor,
  ) {}

  @Get()
  async health(): Promise<HealthReport> {
    const [row] = await this.dataSource.query<{ pending: number; age: number; deliveries: number }[]>(
      `SELECT count(*) FILTER (WHERE o.topic = ANY($1::text[]))::int AS pending,
              count(*) FILTER (WHERE o.topic LIKE 'agency.%')::int AS deliveries,
              coalesce(extract(epoch FROM now() - min(o.created_at)), 0)::float AS age
         FROM outbox o`,
      [CANONICAL_TOPIC_NAMES],
    );
    const alarms = (this.stallMonitor?.stalled() ?? []).map((stall) => ({ code: 'DISPATCH_PARTITION_STALLED' as const, ...stall }));
    return {
      status: alarms.length > 0 ? 'degraded' : 'ok',
      alarms,
      outbox: { pending: row?.pending ?? 0, oldestAgeSeconds: Math.round(row?.age ?? 0), deliveriesPending: row?.deliveries ?? 0 },
      pid: process.pid,
    };
  }
}
