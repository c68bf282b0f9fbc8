import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { verifyAuditTrail, type AuditVerificationReport } from '@hub/audit';
import { DataSource } from 'typeorm';
import { AdminTokenGuard } from '../kernel/index.js';
import { HubConfig } from '../config/hub-config.js';
import { auditPublicKeys } from './audit-keys.js';

/**
 * `GET /v1/admin/audit/verify`: walks the audit chain and its signed checkpoints and reports the
 * first row that was edited, deleted or reordered, or the first checkpoint that does not match
 * (`?includeArchive=true` starts from the first archived row). The same check as
 * `npm run audit:verify`.
 */
@Controller('v1/admin/audit')
@UseGuards(AdminTokenGuard)
export class AdminAuditController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  @Get('verify')
  verify(@Query('includeArchive') includeArchive?: string): Promise<AuditVerificationReport> {
    return verifyAuditTrail(this.dataSource, { publicKeys: auditPublicKeys(this.config), includeArchive: includeArchive === 'true' });
  }
}
