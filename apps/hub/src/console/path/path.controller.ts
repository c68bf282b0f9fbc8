import { Controller, Get, Headers, Query, UseFilters, UseGuards } from '@nestjs/common';
import { AuditStatus, type AuditState } from '../audit/audit-status.js';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { AllowRoles, SignedIn } from '../session/console-access.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import type { SignedInOperator } from '../session/signed-in-operator.js';
import { ShowPersonPathQuery, type PersonPath } from './show-person-path.query.js';

/** One person's path (operators, with X-Purpose, audited) and the audit chain's state (auditors and operators). */
@Controller('console/api')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class PathController {
  constructor(
    private readonly path: ShowPersonPathQuery,
    private readonly audit: AuditStatus,
  ) {}

  @Get('path')
  @AllowRoles('operator')
  show(
    @Query('subject') subject: string | undefined,
    @Query('correlationId') correlationId: string | undefined,
    @Headers('x-purpose') purpose: string | undefined,
    @SignedIn() operator: SignedInOperator,
  ): Promise<PersonPath> {
    return this.path.show({ subject, correlationId }, purpose, operator.username);
  }

  /** `{ok, verifiedUpTo, verifiedAt, problem, lastCheckpoint:{size, rootHash, signedAt, keyId}}`. */
  @Get('audit')
  @AllowRoles('auditor', 'operator')
  state(): Promise<AuditState> {
    return this.audit.state();
  }
}
