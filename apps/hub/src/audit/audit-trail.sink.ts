import { Injectable } from '@nestjs/common';
import { appendAudit } from '@hub/audit';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditRecord, AuditSink } from './audit-sink.js';

/** Records admin, key and policy actions in the tamper-evident audit trail, inside the caller's transaction. */
@Injectable()
export class AuditTrailSink implements AuditSink {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditRecord, transaction?: EntityManager): Promise<void> {
    await appendAudit(transaction ?? this.dataSource.manager, [
      { actor: entry.actor, action: entry.action, purpose: entry.purpose, eventId: entry.eventId, detail: { ...entry.detail } },
    ]);
  }
}
