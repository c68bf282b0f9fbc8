import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { windowOf } from '../kernel/time-range.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import { ShowLagQuery, type Lag } from './show-lag.query.js';

/** `GET /console/api/lag?range=1h|24h|7d`: every role. */
@Controller('console/api/lag')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class LagController {
  constructor(private readonly lag: ShowLagQuery) {}

  @Get()
  show(@Query('range') range?: string): Promise<Lag> {
    return this.lag.show(windowOf(range));
  }
}
