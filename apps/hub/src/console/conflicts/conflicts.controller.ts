import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { isUuid } from '@hub/contracts';
import type { Page } from '@hub/delivery';
import { RecordConflictsRepository, type ConflictFilter, type RecordConflict } from '../../events/index.js';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { invalidInput, notFound } from '../kernel/console.errors.js';
import { AllowRoles, SignedIn } from '../session/console-access.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import type { SignedInOperator } from '../session/signed-in-operator.js';
import { conflictView } from './conflict-views.js';
import { ResolveConsoleConflictHandler } from './resolve-console-conflict.handler.js';

const STATES = ['open', 'accepted', 'rejected'] as const;

/** A text filter of the list: trimmed, at most 200 characters; undefined when left empty. */
function textFilter(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 200)
    throw invalidInput(field, 'must be a text of at most 200 characters', '必须是不超过 200 个字符的文本');
  return value.trim() === '' ? undefined : value.trim();
}

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

  /**
   * `GET /console/api/conflicts?state=open&agency=…&record=…&cursor=…`: 50 a page; `agency` on
   * either side (holder or sender), `record` the agency's own record id on either side.
   */
  @Get('conflicts')
  async list(
    @Query('state') state: string | undefined,
    @Query('agency') agency: string | undefined,
    @Query('record') record: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @SignedIn() operator: SignedInOperator,
  ): Promise<Page<RecordConflict>> {
    if (state !== undefined && state !== '' && !(STATES as readonly string[]).includes(state)) {
      throw invalidInput('state', `must be one of ${STATES.join(', ')}`, `必须是 ${STATES.join('、')} 之一`);
    }
    const agencyId = textFilter('agency', agency);
    const recordId = textFilter('record', record);
    const filter: ConflictFilter = {
      ...(state ? { state: state as (typeof STATES)[number] } : {}),
      ...(agencyId === undefined ? {} : { agency: agencyId }),
      ...(recordId === undefined ? {} : { recordId }),
    };
    const page = await this.conflicts.list(filter, {
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
