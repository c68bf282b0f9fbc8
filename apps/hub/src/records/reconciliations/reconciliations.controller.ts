import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { AgencyGuard, CallingAgency, type Agency } from '../../agencies/index.js';
import { AdminConflictError, AdminInputInvalidError, AdminTokenGuard, validateInput } from '../../kernel/index.js';
import { ReconciliationSummaryDto, type ReconciliationSummary } from './reconciliation-summary.dto.js';
import { ReconciliationsRepository } from './reconciliations.repository.js';

const AGENCY_ID = /^[a-z]{2,20}(-\d{6})?$/;

/** `POST /v1/reconciliations`: an agency reports what its reconciliation against the hub found (stored for the ops console). */
@Controller('v1/reconciliations')
@UseGuards(AgencyGuard)
export class ReconciliationsController {
  constructor(private readonly reconciliations: ReconciliationsRepository) {}

  @Post()
  @HttpCode(201)
  async report(@CallingAgency() agency: Agency, @Body() body: unknown): Promise<ReconciliationSummary> {
    const summary = validateInput(ReconciliationSummaryDto, body);
    const stored = await this.reconciliations.record(agency.id, summary);
    if (!stored) throw new AdminConflictError(`Reconciliation ${summary.id} was reported by another agency; give each run its own UUID.`);
    return stored;
  }
}

/** `GET /v1/admin/reconciliations[?agency=&latest=true&limit=]`: the agencies' reconciliations, newest first (admin token). */
@Controller('v1/admin/reconciliations')
@UseGuards(AdminTokenGuard)
export class AdminReconciliationsController {
  constructor(private readonly reconciliations: ReconciliationsRepository) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ reconciliations: ReconciliationSummary[] }> {
    return { reconciliations: await this.reconciliations.list(filterOf(query)) };
  }
}

function filterOf(query: Record<string, unknown>): { agency?: string; latest: boolean; limit: number } {
  const issues = [];
  const { agency, latest, limit, ...unknown } = query;
  for (const name of Object.keys(unknown))
    issues.push({ path: name, rule: 'unknownParameter', message: `${name} is not a parameter here (agency, latest, limit)` });
  if (agency !== undefined && (typeof agency !== 'string' || !AGENCY_ID.test(agency)))
    issues.push({ path: 'agency', rule: 'isAgencyId', message: 'agency must be an agency id, e.g. bureau-310000' });
  if (latest !== undefined && latest !== 'true' && latest !== 'false')
    issues.push({ path: 'latest', rule: 'isBoolean', message: 'latest must be true or false' });
  const n = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    issues.push({ path: 'limit', rule: 'isInt', message: 'limit must be a whole number from 1 to 500' });
  if (issues.length > 0) throw new AdminInputInvalidError(issues);
  return { ...(typeof agency === 'string' ? { agency } : {}), latest: latest === 'true', limit: n };
}
