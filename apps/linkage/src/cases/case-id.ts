import { createHash } from 'node:crypto';

/**
 * The namespace of case ids (RFC 9562 UUID version 5). Fixed forever: a case's id is the v5 UUID of
 * its case key in this namespace, so a rebuild from the received events gives every case the id it had.
 */
export const CASE_ID_NAMESPACE = '6c8b1f52-3d0a-5e7b-9a41-2f6d8c0e4b13';

/** The case key: the decision that asks for the case, the kind of case and the agency that owns it. */
export function caseKeyOf(decisionKey: string, kind: string, ownerAgency: string): string {
  return `${decisionKey}/${kind}/${ownerAgency}`;
}

/** The id of the case with this key: a UUID v5, the same in every rebuild. */
export function caseIdOf(caseKey: string): string {
  return uuidV5(caseKey, CASE_ID_NAMESPACE);
}

/** A name-based UUID (version 5, SHA-1) of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
