import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { isUuid } from '@hub/contracts';
import type { Page } from '@hub/delivery';
import type { Request } from 'express';
import { AgencyAuthenticator } from '../../agencies/index.js';
import { AdminActor, AdminInputInvalidError, AdminTokenGuard, validateInput } from '../../kernel/index.js';
import { CONFLICT_STATES, type ConflictState, type RecordConflict } from './record-conflict.js';
import { ResolveConflictDto } from './record-conflicts.dto.js';
import { RecordConflictsRepository, type ConflictFilter } from './record-conflicts.repository.js';
import { notFound, ResolveConflictHandler } from './resolve-conflict.handler.js';

const AGENCY_ID = /^[a-z]{2,20}(-\d{6})?$/;
const RECORD_KEY = /^rec_[0-9a-f]{32}$/;
const RECORD_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The conflict queue for operators (admin token): list (filter by `state`, `agency`, `recordKey`,
 * `recordId`; newest first, `limit` and `cursor`), read one with both versions and the changed
 * fields, resolve it (`accept-incoming` or `keep-current`, with a note, under the operator named by
 * X-Admin-Id), each resolution audited.
 */
@Controller('v1/admin/record-conflicts')
@UseGuards(AdminTokenGuard)
export class AdminRecordConflictsController {
  constructor(
    private readonly conflicts: RecordConflictsRepository,
    private readonly resolver: ResolveConflictHandler,
  ) {}

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<Page<RecordConflict>> {
    return this.conflicts.list(filterOf(query), pageOf(query));
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<RecordConflict> {
    const conflict = isUuid(id) ? await this.conflicts.get(id) : undefined;
    if (!conflict) throw notFound(id);
    return conflict;
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Body() body: unknown, @AdminActor() actor: string): Promise<RecordConflict> {
    if (!isUuid(id)) throw notFound(id);
    if (actor === 'admin:token-holder') {
      throw new AdminInputInvalidError([
        { path: 'header:x-admin-id', rule: 'isDefined', message: 'x-admin-id must name the operator who resolves the conflict' },
      ]);
    }
    const { resolution, note } = validateInput(ResolveConflictDto, body);
    return this.resolver.execute({ conflictId: id, resolution, note, actor });
  }
}

/** `GET /v1/record-conflicts/{id}`: the two agencies of a conflict read it (state, resolution, the operator's note). */
@Controller('v1/record-conflicts')
export class RecordConflictsController {
  constructor(
    private readonly conflicts: RecordConflictsRepository,
    private readonly authenticator: AgencyAuthenticator,
  ) {}

  @Get(':id')
  async get(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
  ): Promise<RecordConflict> {
    const agency = this.authenticator.authenticate(request.socket, authorization);
    const conflict = isUuid(id) ? await this.conflicts.get(id) : undefined;
    if (!conflict || (conflict.held.agency !== agency.id && conflict.incoming.agency !== agency.id)) throw notFound(id);
    return conflict;
  }
}

function filterOf(query: Record<string, unknown>): ConflictFilter {
  const filter: { -readonly [K in keyof ConflictFilter]: ConflictFilter[K] } = {};
  const issues = [];
  for (const [name, value] of Object.entries(query)) {
    if (name === 'limit' || name === 'cursor') continue;
    const text = typeof value === 'string' ? value : '';
    if (name === 'state' && (CONFLICT_STATES as readonly string[]).includes(text)) filter.state = text as ConflictState;
    else if (name === 'agency' && AGENCY_ID.test(text)) filter.agency = text;
    else if (name === 'recordKey' && RECORD_KEY.test(text)) filter.recordKey = text;
    else if (name === 'recordId' && RECORD_ID.test(text)) filter.recordId = text;
    else
      issues.push({
        path: name,
        rule: 'isValid',
        message: `${name} is not a filter of conflicts, or not a valid one (state: ${CONFLICT_STATES.join(', ')}; agency; recordKey rec_…; recordId)`,
      });
  }
  if (issues.length > 0) throw new AdminInputInvalidError(issues);
  return filter;
}

function pageOf(query: Record<string, unknown>): { limit?: number; cursor?: string } {
  const limit = query['limit'] === undefined ? undefined : Number(query['limit']);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000)) {
    throw new AdminInputInvalidError([{ path: 'limit', rule: 'isInt', message: 'limit must be a whole number from 1 to 1000' }]);
  }
  const cursor = typeof query['cursor'] === 'string' ? query['cursor'] : undefined;
  return { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) };
}
