import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { PersonIdentity } from '@hub/contracts';

/**
 * The stable subject id of a person: a keyed hash (HMAC-SHA256) of their normalised identifiers.
 * Every agency's record of the same person links to the same id, and the id reveals nothing of
 * the identifiers to anyone without the key.
 */
export function deriveSubjectId(identity: PersonIdentity, key: string | KeyObject): string {
  const normalised = `${normalise(identity.nationality)}|${normalise(identity.passportNo)}|${normalise(identity.birthDate)}`;
  return `sub_${createHmac('sha256', key).update(normalised).digest('hex').slice(0, 32)}`;
}

/** The key as a KeyObject, prepared once instead of for every event. */
export function subjectIdKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

function normalise(part: string): string {
  return part.trim().toUpperCase();
}
