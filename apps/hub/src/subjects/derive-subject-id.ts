import { createHmac } from 'node:crypto';
import type { PersonIdentity } from '@hub/contracts';

/**
 * The stable subject id of a person: a keyed hash (HMAC-SHA256) of their normalised identifiers.
 * Every agency's record of the same person links to the same id, and the id reveals nothing of
 * the identifiers to anyone without the key.
 */
export function deriveSubjectId(identity: PersonIdentity, key: string): string {
  const normalised = [identity.nationality, identity.passportNo, identity.birthDate].map((part) => part.trim().toUpperCase()).join('|');
  return `sub_${createHmac('sha256', key).update(normalised).digest('hex').slice(0, 32)}`;
}
