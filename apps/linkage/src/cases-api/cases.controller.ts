import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, invalidRequest, LinkageApi, Purpose, type LinkageCaller } from '../api-access/index.js';
import { ClaimCaseHandler } from './claim-case/claim-case.handler.js';
import { isCaseId } from './case-records.js';
import type { CaseView } from './case-view.js';
import { GetCaseHandler, type CaseDetail } from './get-case/get-case.handler.js';
import { ListCasesHandler, type CasePage } from './list-cases/list-cases.handler.js';
import { parseListCasesQuery } from './list-cases/list-cases.query.js';
import { ReleaseCaseHandler } from './release-case/release-case.handler.js';
import { parseResolveCaseBody } from './resolve-case/resolve-case.body.js';
import { ResolveCaseHandler, type ResolvedCase } from './resolve-case/resolve-case.handler.js';
import { issue } from './request-issues.js';

/**
 * The cases API: list (an agency key sees its own agency's cases, a `*` key all), read one (recorded
 * as `viewed`), claim, release and resolve (the owning agency only). Every call needs an API key and
 * X-Purpose and is recorded in api_access_log.
 */
@Controller('v1/cases')
@LinkageApi()
export class CasesController {
  constructor(
    private readonly lister: ListCasesHandler,
    private readonly reader: GetCaseHandler,
    private readonly claimer: ClaimCaseHandler,
    private readonly releaser: ReleaseCaseHandler,
    private readonly resolver: ResolveCaseHandler,
  ) {}

  @Get()
  list(@Query() query: Record<string, unknown>, @Caller() caller: LinkageCaller): Promise<CasePage> {
    return this.lister.list(parseListCasesQuery(query, caller));
  }

  @Get(':id')
  get(@Param('id') id: string, @Caller() caller: LinkageCaller, @Purpose() purpose: string): Promise<CaseDetail> {
    return this.reader.get(caseId(id), caller, purpose);
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@Param('id') id: string, @Caller() caller: LinkageCaller, @Purpose() purpose: string): Promise<CaseView> {
    return this.claimer.claim(caseId(id), caller, purpose);
  }

  @Post(':id/release')
  @HttpCode(200)
  release(@Param('id') id: string, @Caller() caller: LinkageCaller, @Purpose() purpose: string): Promise<CaseView> {
    return this.releaser.release(caseId(id), caller, purpose);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id') id: string,
    @Body() body: unknown,
    @Caller() caller: LinkageCaller,
    @Purpose() purpose: string,
  ): Promise<ResolvedCase> {
    const checked = caseId(id);
    return this.resolver.resolve(checked, parseResolveCaseBody(body), caller, purpose);
  }
}

function caseId(id: string): string {
  if (!isCaseId(id))
    throw invalidRequest([issue('id', 'isUuid', { en: 'a case id as GET /v1/cases lists it', zh: 'GET /v1/cases 列出的案件编号' })]);
  return id.toLowerCase();
}
