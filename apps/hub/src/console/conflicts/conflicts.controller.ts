import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { isUuid } from '@hub/contracts';
import type { Page } from '@hub/delivery';
import { RecordConflictsRepository, type RecordConflict } from '../../events/index.js';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { invalidInput, notFound } from '../kernel/console.errors.js';
import { AllowRoles, SignedIn } from '../session/console-access.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import type { SignedInOperator } from '../session/signed-in-operator.js';
import { conflictView } from './conflict-views.js';
import { ResolveConsoleConflictHandler } from './resolve-console-conflict.handler.js';

const STATES = ['open', 'accepted', 'rejected'] as const;

/**
 * The conflict queue (every role; changed values of identifying fields masked but for operators):
 * list by state (newest first, `cursor` pages), read one with both versions side by side, and
 * accept or reject a held change with a note (operators; audited).
 */
@Controller('console/api')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class ConflictsController {
  constructor(
    private readonly conflicts: RecordConflictsRepository,
    private readonly resolver: ResolveConsoleConflictHandler,
  ) {}

  /** `GET /console/api/conflicts?state=open&cursor=…`: 50 a page. */
  @Get('conflicts')
  async list(
    @Query('state') state: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @SignedIn() operator: SignedInOperator,
  ): Promise<Page<RecordConflict>> {
    if (state !== undefined && !(STATES as readonly string[]).includes(state)) {
      throw invalidInput('state', `must be one of ${STATES.join(', ')}`, `必须是 ${STATES.join('、')} 之一`);
    }
    const page = await this.conflicts.list(state === undefined ? {} : { state: state as (typeof STATES)[number] }, {
      limit: 50,
      ...(cursor ? { cursor } : {}),
    });
    return { ...page, items: page.items.map((conflict) => conflictView(conflict, operator.role)) };
  }

  @Get('conflicts/:id')
  async get(@Param('id') id: string, @SignedIn() operator: SignedInOperator): Promise<RecordConflict> {
    const conflict = isUuid(id) ? await this.conflicts.get(id) : undefined;
    if (!conflict) throw notFound(`Record conflict ${id}`, `记录冲突 ${id}`);
    return conflictView(conflict, operator.role);
  }

  /** `{resolution: accept-incoming | keep-current, note}`. */
  @Post('conflicts/:id/resolve')
  @HttpCode(200)
  @AllowRoles('operator')
  resolve(@Param('id') id: string, @Body() body: unknown, @SignedIn() operator: SignedInOperator): Promise<RecordConflict> {
    return this.resolver.resolve(id, body, operator.username);
  }
}
