import { Module } from '@nestjs/common';
import { AuditSealer } from '../audit/audit-sealer.service.js';
import { RelayService } from './relay.service.js';

/** The outbox relay role; it also seals and archives the audit trail. */
@Module({ providers: [RelayService, AuditSealer] })
export class RelayModule {}
