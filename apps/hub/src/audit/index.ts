export { AuditApiModule } from './audit-api.module.js';
export { AuditHashAlgorithmCheck, auditHashAlgorithmState } from './audit-hash-algorithm.js';
export { AuditModule } from './audit.module.js';
export { AuditSealerModule } from './audit-sealer.module.js';
export { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditRecord, type AuditSink } from './audit-sink.js';
export { AuditTrailSink } from './audit-trail.sink.js';
export { auditPublicKeys } from './audit-keys.js';
