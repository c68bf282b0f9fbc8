import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { windowOf } from '../kernel/time-range.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import { ShowOverviewQuery, type Overview } from './show-overview.query.js';

/** `GET /console/api/overview?range=1h|24h|7d`: every role. */
@Controller('console/api/overview')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class OverviewController {
  constructor(private readonly overview: ShowOverviewQuery) {}

  @Get()
  show(@Query('range') range?: string): Promise<Overview> {
    return this.overview.show(windowOf(range));
  }
}
