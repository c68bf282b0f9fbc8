import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LINKAGE_TIME_ZONE } from './config/linkage-config.js';
import { LinkageClock } from './decide/linkage-clock.js';
import { LinkageRules, type RuleDataVersions } from './decide/linkage-rules.js';

/** `GET /health`: the service and its database answer; which rule book, calendar and wages it decides with, and on which day. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: LinkageRules,
    private readonly clock: LinkageClock,
  ) {}

  @Get()
  async health(): Promise<{ status: 'ok'; asOf: string; timeZone: string; rules: RuleDataVersions; outboxWaiting: number }> {
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
