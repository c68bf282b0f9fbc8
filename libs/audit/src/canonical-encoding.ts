import { createHash, getHashes } from 'node:crypto';
import { AuditError, AUDIT_ERROR_CODES } from './audit-errors.js';

/** The hash functions the chain can use: SHA-256 (default) or SM3 (GB/T 32905), both 32 bytes. */
export type AuditHashAlgorithm = 'sha256' | 'sm3';
export const AUDIT_HASH_ALGORITHMS: readonly AuditHashAlgorithm[] = ['sha256', 'sm3'];

/** The `prev_hash` of the very first row: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** Tag on the first line of every encoded row; a new encoding would get a new tag (and migration). */
export const AUDIT_ROW_FORMAT = 'hub-audit/1';

/** Timestamps as the chain encodes them: UTC, microseconds, e.g. `2026-01-31T08:15:00.123456Z`. */
export const AUDIT_TIME_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The PostgreSQL expression that renders a timestamptz column in AUDIT_TIME_FORMAT. */
export function auditTimeSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** A JavaScript time in AUDIT_TIME_FORMAT (whole milliseconds, so the last three digits are 0). */
export function auditTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** The content of one audit row, as the hash covers it. */
export interface AuditRowContent {
  readonly seq: number;
  /** In AUDIT_TIME_FORMAT. */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly purpose: string;
  readonly eventId: string | null;
  /** The detail's canonical JSON text (PostgreSQL's jsonb text form; see canonicalDetailJson). */
  readonly detail: string;
}

/** Whether this Node.js (its OpenSSL) offers `algorithm`; SM3 needs OpenSSL 3 built with it. */
export function isHashAlgorithmAvailable(algorithm: AuditHashAlgorithm): boolean {
  return getHashes().includes(algorithm);
}

/** The digest of the concatenated parts under the chain's algorithm. */
export function auditDigest(algorithm: AuditHashAlgorithm, ...parts: readonly Uint8Array[]): Buffer {
  if (!isHashAlgorithmAvailable(algorithm)) {
    throw new AuditError(
      AUDIT_ERROR_CODES.algorithmUnavailable,
      `This Node.js (OpenSSL ${process.versions.openssl}) has no ${algorithm} hash; use sha256 or a build with ${algorithm}.`,
      { algorithm },
    );
  }
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * The canonical encoding of a row: lines joined by `\n` (UTF-8) of the format tag, seq in decimal,
 * the time in AUDIT_TIME_FORMAT, actor, action and purpose each as a JSON string, the event id in
 * lower case (empty when none) and the detail's canonical JSON. No field can contain a raw line
 * break, so the encoding is unambiguous. PostgreSQL's hub_audit_encode() produces the same bytes.
 */
export function encodeAuditRow(row: AuditRowContent): Buffer {
  if (!Number.isSafeInteger(row.seq) || row.seq < 1) throw new RangeError(`audit seq must be a positive integer, got ${row.seq}`);
  if (!AUDIT_TIME_FORMAT.test(row.at)) throw new RangeError(`audit time must look like 2026-01-31T08:15:00.123456Z, got ${row.at}`);
  return Buffer.from(
    [
      AUDIT_ROW_FORMAT,
      String(row.seq),
      row.at,
      JSON.stringify(row.actor),
      JSON.stringify(row.action),
      JSON.stringify(row.purpose),
      row.eventId?.toLowerCase() ?? '',
      row.detail,
    ].join('\n'),
    'utf8',
  );
}

/** hash = H(prev_hash ‖ encodeAuditRow(row)), as the sealing trigger computes it. */
export function auditRowHash(algorithm: AuditHashAlgorithm, prevHash: Uint8Array, row: AuditRowContent): Buffer {
  return auditDigest(algorithm, prevHash, encodeAuditRow(row));
}

/** A detail value: what survives JSON and PostgreSQL's jsonb unchanged. */
export type AuditDetailValue =
  string | boolean | null | number | readonly AuditDetailValue[] | { readonly [key: string]: AuditDetailValue };
export type AuditDetail = { readonly [key: string]: AuditDetailValue };

/**
 * The detail's canonical JSON, which is exactly PostgreSQL's text form of the jsonb value: object
 * keys ordered by UTF-8 length and then bytewise, `", "` between items and `": "` after keys,
 * strings escaped as JSON.stringify (and PostgreSQL) do. Numbers must be safe integers, because
 * jsonb keeps a number's written form (1.0 stays 1.0) which a JavaScript number cannot carry; put
 * decimals in strings. The verifier hashes the stored `detail::text`, so this function is what lets
 * Node build, check and re-derive that text without the database.
 */
export function canonicalDetailJson(value: AuditDetailValue, path = 'detail'): string {
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value.includes('\u0000') || /[\uD800-\uDFFF]/u.test(value))
      throw new RangeError(`${path}: NUL characters and lone surrogates cannot be stored in jsonb`);
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${path}: numbers must be safe integers (put ${value} in a string)`);
    return String(value);
  }
  if (Array.isArray(value)) {
    const items = value as readonly AuditDetailValue[];
    return `[${items.map((item, i) => canonicalDetailJson(item, `${path}[${i}]`)).join(', ')}]`;
  }
  if (typeof value === 'object') return canonicalObject(value as { readonly [key: string]: AuditDetailValue }, path);
  throw new RangeError(`${path}: ${typeof value} cannot be stored in an audit detail`);
}

function canonicalObject(value: { readonly [key: string]: AuditDetailValue }, path: string): string {
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null)
    throw new RangeError(`${path}: only plain objects can be stored in an audit detail`);
  const keys = Object.keys(value).map((key) => ({ key, bytes: Buffer.from(key, 'utf8') }));
  keys.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  const members = keys.map(({ key }) => {
    const item = value[key];
    if (item === undefined) throw new RangeError(`${path}.${key}: undefined cannot be stored in an audit detail`);
    return `${canonicalDetailJson(key, `${path} key`)}: ${canonicalDetailJson(item, `${path}.${key}`)}`;
  });
  return `{${members.join(', ')}}`;
}
