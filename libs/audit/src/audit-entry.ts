import { UUID_FORMAT } from '@hub/contracts';
import { AuditError, AUDIT_ERROR_CODES } from './audit-errors.js';
import { canonicalDetailJson, type AuditDetail } from './canonical-encoding.js';

/** The hub's action codes. Others are allowed if they match ACTION_FORMAT (`area.verb`, lower case). */
export const AUDIT_ACTIONS = {
  eventPublished: 'event.published',
  eventRejected: 'event.rejected',
  eventDelivered: 'event.delivered',
  policyChanged: 'policy.changed',
  keyChanged: 'key.changed',
  adminAction: 'admin.action',
  auditArchived: 'audit.archived',
} as const;

/** Who acted: `agency:<agency id>`, `admin:<admin id>` or `system:<hub component>`. */
export const ACTOR_FORMAT = /^(agency|admin|system):[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/;
/** What was done: two to four dot-separated lower-case words, e.g. `event.published`. */
export const ACTION_FORMAT = /^[a-z][a-z0-9-]{0,39}(\.[a-z][a-z0-9-]{0,39}){1,3}$/;
/** Why: the purpose or legal basis tag, e.g. `permit-sharing` or `law:exit-entry-administration`. */
export const PURPOSE_FORMAT = /^[a-z0-9][a-z0-9._:/-]{0,127}$/;

/** Largest canonical detail, in UTF-8 bytes (the table allows 4096; the rest is headroom). */
export const MAX_DETAIL_BYTES = 2048;

/**
 * Detail keys that name raw personal identifiers; the audit trail refers to people only through
 * event ids and subject ids. Compared case-insensitively with `_` and `-` removed. A guard against
 * slips, not a proof: what goes into a detail stays the caller's responsibility.
 */
export const PERSONAL_DETAIL_KEYS: ReadonlySet<string> = new Set([
  'name',
  'fullname',
  'givenname',
  'familyname',
  'surname',
  'passport',
  'passportno',
  'passportnumber',
  'birthdate',
  'dateofbirth',
  'dob',
  'idno',
  'idcardno',
  'nationalid',
  'permitno',
  'cardno',
  'visano',
  'phone',
  'mobile',
  'email',
  'address',
]);

/** One audit record to append. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly purpose: string;
  readonly eventId?: string | null;
  /** Small, and never raw personal identifiers. */
  readonly detail?: AuditDetail;
}

/** An entry checked and ready for the database, its detail in canonical JSON. */
export interface ValidatedAuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly purpose: string;
  readonly eventId: string | null;
  readonly detail: string;
}

export const agencyActor = (agencyId: string): string => `agency:${agencyId}`;
export const adminActor = (adminId: string): string => `admin:${adminId}`;
export const systemActor = (component: string): string => `system:${component}`;

/** Checks an entry against the table's rules (and the personal-data guard) with messages that say what to fix. */
export function validateAuditEntry(entry: AuditEntry, index = 0): ValidatedAuditEntry {
  const fail = (message: string): never => {
    throw new AuditError(AUDIT_ERROR_CODES.entryInvalid, `audit entry ${index}: ${message}`, { index });
  };
  if (!ACTOR_FORMAT.test(entry.actor)) fail('actor must look like agency:<id>, admin:<id> or system:<component>');
  if (!ACTION_FORMAT.test(entry.action)) fail('action must be a code like event.published');
  if (!PURPOSE_FORMAT.test(entry.purpose)) fail('purpose must be a lower-case tag like permit-sharing or law:cybersecurity-21');
  const eventId = entry.eventId ?? null;
  if (eventId !== null && !UUID_FORMAT.test(eventId)) fail('eventId must be a UUID');
  const detailValue = entry.detail ?? {};
  if (typeof detailValue !== 'object' || detailValue === null || Array.isArray(detailValue)) fail('detail must be an object');
  const personal = findPersonalKey(detailValue, 'detail');
  if (personal) fail(`${personal} looks like a raw personal identifier; refer to the person by event id or subject id`);
  let detail = '';
  try {
    detail = canonicalDetailJson(detailValue);
  } catch (error) {
    fail((error as Error).message);
  }
  if (Buffer.byteLength(detail, 'utf8') > MAX_DETAIL_BYTES) fail(`detail must stay under ${MAX_DETAIL_BYTES} bytes`);
  return { actor: entry.actor, action: entry.action, purpose: entry.purpose, eventId: eventId?.toLowerCase() ?? null, detail };
}

function findPersonalKey(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of (value as unknown[]).entries()) {
      const found = findPersonalKey(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (PERSONAL_DETAIL_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''))) return `${path}.${key}`;
    const found = findPersonalKey(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
