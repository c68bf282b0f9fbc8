import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { databaseCheck, kafkaCheck, liveness, readiness } from '@hub/observability';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { LINKAGE_TIME_ZONE } from './config/linkage-config.js';
import { LinkageClock } from './decide/linkage-clock.js';
import { LinkageRules, type RuleDataVersions } from './decide/linkage-rules.js';

/**
 * `GET /health`: the service and its database answer; which rule book, calendar and wages it
 * decides with, and on which day. `GET /health/live`: the process answers. `GET /health/ready`: the
 * database and a Kafka broker answer (503 naming the one that does not).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: LinkageRules,
    private readonly clock: LinkageClock,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaProbe,
  ) {}

  @Get('live')
  live(): ReturnType<typeof liveness> {
    return liveness();
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return readiness(this.health, [databaseCheck(this.indicators, this.dataSource), kafkaCheck(this.indicators, this.kafka)], response);
  }

  @Get()
  async report(): Promise<{ status: 'ok'; asOf: string; timeZone: string; rules: RuleDataVersions; outboxWaiting: number }> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM linkage_outbox WHERE published_at IS NULL AND refused IS NULL',
    );
    return {
      status: 'ok',
      asOf: this.clock.today(),
      timeZone: LINKAGE_TIME_ZONE,
      rules: this.rules.versions(),
      outboxWaiting: row?.n ?? 0,
    };
  }
}
