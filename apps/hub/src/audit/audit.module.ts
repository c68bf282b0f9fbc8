import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { AdminAuditController } from './admin-audit.controller.js';

/** The audit trail's admin API (api role). */
@Module({ imports: [AgenciesModule], controllers: [AdminAuditController] })
export class AuditModule {}
