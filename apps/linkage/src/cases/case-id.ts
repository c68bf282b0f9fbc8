import { uuidV5 } from '@hub/identity';

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
