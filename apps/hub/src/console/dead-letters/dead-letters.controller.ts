import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { notFound } from '../kernel/console.errors.js';
import { ConsoleJobsRepository, type ConsoleJob } from '../jobs/console-jobs.repository.js';
import { AllowRoles, SignedIn } from '../session/console-access.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import type { SignedInOperator } from '../session/signed-in-operator.js';
import { ActOnDeadLettersHandler } from './act-on-dead-letters.handler.js';
import { deadLetterQueryOf, pageOf } from './dead-letter-query.js';
import { InspectDeadLetterQuery, type DeadLetterDetail } from './inspect-dead-letter.query.js';
import { ListDeadLettersQuery, type DeadLettersPage } from './list-dead-letters.query.js';

/**
 * Dead letters (webhook and Kafka side, the hub's and the agency adapters'): search and inspect (every role; payloads masked but for
 * operators), redrive and discard by ids or search as a job (operators), and the job's progress.
 */
@Controller('console/api')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class DeadLettersController {
  constructor(
    private readonly list: ListDeadLettersQuery,
    private readonly inspector: InspectDeadLetterQuery,
    private readonly actions: ActOnDeadLettersHandler,
    private readonly jobs: ConsoleJobsRepository,
  ) {}

  @Get('dead-letters')
  search(@Query() query: Record<string, unknown>): Promise<DeadLettersPage> {
    return this.list.list(deadLetterQueryOf(query), pageOf(query['page'], query['pageSize']));
  }

  @Get('dead-letters/:id')
  inspect(@Param('id') id: string, @SignedIn() operator: SignedInOperator): Promise<DeadLetterDetail> {
    return this.inspector.inspect(id, operator.role);
  }

  @Post('dead-letters/redrive')
  @HttpCode(202)
  @AllowRoles('operator')
  redrive(@Body() body: unknown, @SignedIn() operator: SignedInOperator): Promise<{ jobId: string; total: number }> {
    return this.actions.start('redrive', body, operator);
  }

  @Post('dead-letters/discard')
  @HttpCode(202)
  @AllowRoles('operator')
  discard(@Body() body: unknown, @SignedIn() operator: SignedInOperator): Promise<{ jobId: string; total: number }> {
    return this.actions.start('discard', body, operator);
  }

  @Get('jobs/:jobId')
  async job(@Param('jobId') jobId: string): Promise<ConsoleJob> {
    const job = await this.jobs.get(jobId);
    if (!job) throw notFound(`Job ${jobId}`, `任务 ${jobId}`);
    return job;
  }
}
