import { HubError, type ErrorContext } from '@hub/contracts';

/** Stable codes of the audit trail's failures. */
export const AUDIT_ERROR_CODES = {
  /** An entry's actor, action, purpose, event id or detail is malformed or carries personal data. */
  entryInvalid: 'AUDIT_ENTRY_INVALID',
  /** A retention shorter than six months (183 days) was configured; the law's floor forbids it. */
  retentionTooShort: 'AUDIT_RETENTION_TOO_SHORT',
  /** A signing or verifying key is not an Ed25519 key of the right kind. */
  keyInvalid: 'AUDIT_KEY_INVALID',
  /** The configured hash algorithm is not available (in Node.js or in PostgreSQL's pgcrypto). */
  algorithmUnavailable: 'AUDIT_ALGORITHM_UNAVAILABLE',
  /** The chain does not verify, so a checkpoint or an archive anchor would sign tampered rows. */
  chainInvalid: 'AUDIT_CHAIN_INVALID',
} as const;

export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[keyof typeof AUDIT_ERROR_CODES];

/** A failure of the audit trail. Messages and context carry codes and sequence numbers, never row content. */
export class AuditError extends HubError {
  constructor(
    override readonly code: AuditErrorCode,
    message: string,
    context?: ErrorContext,
    cause?: unknown,
  ) {
    super(code, message, { retriable: false, context, cause });
  }
}
