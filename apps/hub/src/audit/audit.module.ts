import { Module } from '@nestjs/common';
import { AUDIT_SINK } from './audit-sink.js';
import { AuditTrailSink } from './audit-trail.sink.js';

/** The audit trail as the features record into it: AUDIT_SINK, bound to the tamper-evident trail. */
@Module({ providers: [{ provide: AUDIT_SINK, useClass: AuditTrailSink }], exports: [AUDIT_SINK] })
export class AuditModule {}
