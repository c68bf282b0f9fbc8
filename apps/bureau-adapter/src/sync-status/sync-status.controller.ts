import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listRefusals, readSyncStatus, type RefusalView, type SyncStatus } from './read-sync-status.js';

/** What the bureau's staff see of the sync: where it stands, and every record the hub (or the adapter) refused or held. */
@Controller('v1/sync')
export class SyncStatusController {
  constructor(private readonly db: DataSource) {}

  @Get('status')
  status(): Promise<SyncStatus> {
    return readSyncStatus(this.db);
  }

  /** `GET /v1/sync/refusals?limit=100&recordId=fwp.permit:42`: newest first. */
  @Get('refusals')
  async refusals(@Query('limit') limit?: string, @Query('recordId') recordId?: string): Promise<{ refusals: RefusalView[] }> {
    const count = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      throw new BadRequestException({
        code: 'INVALID_QUERY',
        message: 'limit: must be a whole number from 1 to 1000',
        messageZh: 'limit：必须是 1 到 1000 的整数',
      });
    }
    return { refusals: await listRefusals(this.db, { limit: count, ...(recordId ? { recordId } : {}) }) };
  }
}
