import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ReconciliationsRepository, type ReconciliationSummary } from '../../records/index.js';
import { invalidInput } from '../kernel/console.errors.js';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';

const AGENCY_ID = /^[a-z]{2,20}(-\d{6})?$/;

/**
 * The agencies' reconciliation runs against the hub (every role), as `GET /v1/admin/reconciliations`
 * lists them: newest first, optionally one agency's, `latest=true` for each agency's newest only.
 */
@Controller('console/api')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class ConsoleReconciliationsController {
  constructor(private readonly reconciliations: ReconciliationsRepository) {}

  @Get('reconciliations')
  async list(@Query() query: Record<string, unknown>): Promise<{ reconciliations: ReconciliationSummary[] }> {
    return { reconciliations: await this.reconciliations.list(filterOf(query)) };
  }
}

function filterOf(query: Record<string, unknown>): { agency?: string; latest: boolean; limit: number } {
  const { agency, latest, limit } = query;
  if (agency !== undefined && agency !== '' && (typeof agency !== 'string' || !AGENCY_ID.test(agency)))
    throw invalidInput('agency', 'must be an agency id, e.g. bureau-310000', '必须是机构编号，如 bureau-310000');
  if (latest !== undefined && latest !== 'true' && latest !== 'false')
    throw invalidInput('latest', 'must be true or false', '必须是 true 或 false');
  const n = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw invalidInput('limit', 'must be a whole number from 1 to 500', '必须是 1 到 500 的整数');
  return { ...(typeof agency === 'string' && agency !== '' ? { agency } : {}), latest: latest === 'true', limit: n };
}
