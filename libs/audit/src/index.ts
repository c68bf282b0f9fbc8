export { CreateAuditTrail1764170000000 } from './migrations/1764170000000-create-audit-trail.js';
export { AddAuditLeaves1764410000000 } from './migrations/1764410000000-add-audit-leaves.js';
export { PlainAuditFormatChecks1764880000000 } from './migrations/1764880000000-plain-audit-format-checks.js';
export { AuditError, AUDIT_ERROR_CODES, type AuditErrorCode } from './audit-errors.js';
export {
  AUDIT_ACTIONS,
  ACTOR_FORMAT,
  ACTION_FORMAT,
  PURPOSE_FORMAT,
  MAX_DETAIL_BYTES,
  PERSONAL_DETAIL_KEYS,
  agencyActor,
  adminActor,
  systemActor,
  validateAuditEntry,
  type AuditEntry,
  type ValidatedAuditEntry,
} from './audit-entry.js';
export {
  AUDIT_HASH_ALGORITHMS,
  AUDIT_ROW_FORMAT,
  AUDIT_TIME_FORMAT,
  GENESIS_HASH,
  auditDigest,
  auditRowHash,
  auditTime,
  canonicalDetailJson,
  encodeAuditRow,
  isHashAlgorithmAvailable,
  type AuditDetail,
  type AuditDetailValue,
  type AuditHashAlgorithm,
  type AuditRowContent,
} from './canonical-encoding.js';
export { merkleRoot } from './merkle.js';
export {
  anchorMessage,
  auditKeyId,
  checkpointMessage,
  signAuditStatement,
  verifyAuditSignature,
  type AnchorStatement,
  type CheckpointStatement,
} from './signing.js';
export { AUDIT_LOCKS, readAlgorithm as readAuditHashAlgorithm, type AuditSql } from './audit-store.js';
export {
  appendAudit,
  auditInsertCte,
  publishAuditCte,
  setAuditHashAlgorithm,
  AUDIT_LEAF_INSERT,
  type AppendedAuditLeaf,
} from './append-audit.js';
export { sealAuditLeaves, waitingAuditLeaves, AUDIT_SEAL_BATCH_DEFAULT, type SealedAuditLeaves } from './seal-audit-leaves.js';
export {
  verifyAuditTrail,
  describeAuditReport,
  type AuditProblem,
  type AuditProblemKind,
  type AuditVerificationReport,
  type VerifyAuditOptions,
} from './verify-audit-trail.js';
export { AuditCheckpointer, type AuditCheckpointerSettings, type AuditCheckpointRecord, type AuditLogger } from './audit-checkpointer.js';
export {
  archiveAuditTrail,
  auditRetentionDays,
  AUDIT_RETENTION_DEFAULT_DAYS,
  AUDIT_RETENTION_MIN_DAYS,
  type ArchiveAuditOptions,
  type AuditArchiveResult,
} from './archive-audit-trail.js';
