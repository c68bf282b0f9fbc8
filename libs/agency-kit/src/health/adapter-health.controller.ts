import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { databaseCheck, kafkaCheck, liveness, readiness } from '@hub/observability';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

/**
 * An agency adapter's probes. `GET /health`: the adapter answers and its own database does (it tells
 * nothing of any record). `GET /health/live`: the process answers. `GET /health/ready`: its database and a
 * Kafka broker answer (503 naming the one that does not): without the brokers the adapter does nothing.
 */
@Controller('health')
export class AdapterHealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaProbe,
  ) {}

  @Get()
  async report(): Promise<{ status: 'ok' }> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok' };
  }

  @Get('live')
  live(): ReturnType<typeof liveness> {
    return liveness();
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return readiness(this.health, [databaseCheck(this.indicators, this.dataSource), kafkaCheck(this.indicators, this.kafka)], response);
  }
}
