import { Module } from '@nestjs/common';
import { AuditSealer } from './audit-sealer.service.js';

/** The `audit` role: seals the audit trail in signed checkpoints and archives it past retention. */
@Module({ providers: [AuditSealer] })
export class AuditSealerModule {}
