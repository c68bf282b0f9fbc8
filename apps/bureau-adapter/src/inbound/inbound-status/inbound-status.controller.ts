import { listDeadLetters, type DeadLetterView } from '@hub/agency-kit';
import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BUREAU_INBOUND_DB } from '../record-inbound/record-inbound.handler.js';
import { readInboundStatus, type InboundStatus } from './read-inbound-status.js';

/** What the bureau's staff see of what the hub delivers: received, applied, gaps, and every dead letter with its reason. */
@Controller('v1/inbound')
export class InboundStatusController {
  constructor(@Inject(BUREAU_INBOUND_DB) private readonly db: DataSource) {}

  @Get('status')
  status(): Promise<InboundStatus> {
    return readInboundStatus(this.db);
  }

  /** `GET /v1/inbound/dead-letters?limit=100`: newest first, with code and reason (not the payload). */
  @Get('dead-letters')
  async deadLetters(@Query('limit') limit?: string): Promise<{ deadLetters: DeadLetterView[] }> {
    const count = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      throw new BadRequestException({
        code: 'INVALID_QUERY',
        message: 'limit: must be a whole number from 1 to 1000',
        messageZh: 'limit：必须是 1 到 1000 的整数',
      });
    }
    return { deadLetters: await listDeadLetters(this.db, count) };
  }
}
