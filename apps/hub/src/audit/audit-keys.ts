import { createPublicKey, type KeyObject } from 'node:crypto';
import type { HubConfig } from '../config/hub-config.js';
import { ed25519KeyFromSetting } from '../config/hub-keys.js';

/** The hub's audit signing key, or undefined when none is configured. */
export function auditSigningKey(config: HubConfig): KeyObject | undefined {
  return ed25519KeyFromSetting(config.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY');
}

/** Every public key audit checkpoints may be signed with: the current key's and the earlier ones. */
export function auditPublicKeys(config: HubConfig): KeyObject[] {
  const current = auditSigningKey(config);
  const earlier = (config.AUDIT_PREVIOUS_PUBLIC_KEYS ?? '')
    .split(';')
    .map((pem) => pem.replaceAll('\\n', '\n').trim())
    .filter((pem) => pem.length > 0)
    .map((pem) => createPublicKey(pem));
  return [...(current ? [createPublicKey(current)] : []), ...earlier];
}
