import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { windowOf } from '../kernel/time-range.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import { ShowFlowsQuery, type Flows } from './show-flows.query.js';

/** `GET /console/api/flows?range=1h|24h|7d&by=domain|agency|subscriber`: every role. */
@Controller('console/api/flows')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class FlowsController {
  constructor(private readonly flows: ShowFlowsQuery) {}

  @Get()
  show(@Query('range') range?: string, @Query('by') by?: string): Promise<Flows> {
    return this.flows.show(windowOf(range), by);
  }
}
