import { Controller, Get, Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BUREAU_INBOUND_DB } from '../record-inbound/record-inbound.handler.js';
import { readInboundStatus, type InboundStatus } from './read-inbound-status.js';

/**
 * What the bureau's staff see of what the hub delivers: received, applied, gaps and dead letters by
 * code. The dead letters themselves (list, redrive, discard) are the agency kit's API under
 * `/v1/inbound/dead-letters` (InboundModule).
 */
@Controller('v1/inbound')
export class InboundStatusController {
  constructor(@Inject(BUREAU_INBOUND_DB) private readonly db: DataSource) {}

  @Get('status')
  status(): Promise<InboundStatus> {
    return readInboundStatus(this.db);
  }
}
