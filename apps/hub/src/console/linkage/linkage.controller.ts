import { Controller, Get, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { maskIdentifiers } from '../kernel/mask-identifiers.js';
import { SignedIn } from '../session/console-access.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import type { SignedInOperator } from '../session/signed-in-operator.js';
import { LinkageProxy, type LinkageAnswer } from './linkage-proxy.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Linkage cases and monthly reports, read from the linkage service (LINKAGE_URL) for every role;
 * identifiers in the answer are masked for anyone but an operator. The console's names map onto the
 * service's: `state`, `rule` → `kind`, `region` → `province`, `page` → `cursor`; `month` → `from`/`to`.
 */
@Controller('console/api')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class LinkageController {
  constructor(private readonly linkage: LinkageProxy) {}

  @Get('cases')
  async cases(@Query() query: Record<string, unknown>, @SignedIn() operator: SignedInOperator, @Res() response: Response): Promise<void> {
    const answer = await this.linkage.get('/v1/cases', {
      state: text(query['state']),
      kind: text(query['rule']),
      province: text(query['region']),
      cursor: text(query['page']),
      limit: text(query['limit']),
    });
    sendJson(response, answer, operator);
  }

  @Get('reports/monthly')
  async monthly(@Query() query: Record<string, unknown>, @SignedIn() operator: SignedInOperator, @Res() response: Response): Promise<void> {
    sendJson(response, await this.linkage.get('/v1/reports/monthly', reportQuery(query)), operator);
  }

  @Get('reports/monthly/export')
  async export(@Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const answer = await this.linkage.get('/v1/reports/monthly/export', {
      ...reportQuery(query),
      format: text(query['format']) || 'csv',
      lang: text(query['lang']),
    });
    response.status(answer.status).type(answer.contentType).setHeader('Cache-Control', 'no-store');
    if (answer.disposition) response.setHeader('Content-Disposition', answer.disposition);
    response.send(answer.body);
  }
}

function reportQuery(query: Record<string, unknown>): Record<string, string> {
  const month = text(query['month']);
  return { province: text(query['region']), from: month || text(query['from']), to: month || text(query['to']) };
}

function sendJson(response: Response, answer: LinkageAnswer, operator: SignedInOperator): void {
  const parsed = JSON.parse(answer.body.toString('utf8')) as unknown;
  response.status(answer.status).setHeader('Cache-Control', 'no-store');
  response.json(operator.role === 'operator' ? parsed : maskIdentifiers(parsed));
}
