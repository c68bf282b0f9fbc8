import type { EntityManager } from 'typeorm';

/** One auditable action: who (`admin:<id>`, `system:<component>`), what (`signing-key.revoked`), why, and a small detail. */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  /** The purpose or legal basis tag, e.g. `agency-administration`. */
  readonly purpose: string;
  readonly eventId?: string;
  /** Small, and never personal identifiers, names or contact details. */
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Where admin actions are recorded. `record` is called inside the transaction that makes the
 * change (`transaction`), so an implementation on the same database can append in it: the change
 * and its audit entry commit together or not at all. A failure aborts the change.
 */
export interface AuditSink {
  record(entry: AuditRecord, transaction?: EntityManager): Promise<void>;
}

export const AUDIT_SINK = Symbol('AuditSink');

/** Purpose tag of agency, key and API-key administration. */
export const AGENCY_ADMINISTRATION = 'agency-administration';
