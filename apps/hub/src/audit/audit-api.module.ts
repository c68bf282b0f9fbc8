import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../kernel/index.js';
import { AdminAuditController } from './admin-audit.controller.js';

/** The audit trail's admin API (`api` role). */
@Module({ imports: [AdminAuthModule], controllers: [AdminAuditController] })
export class AuditApiModule {}
