import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { HubConfig } from '../config/hub-config.js';

/** The hub's audit signing key, or undefined when none is configured. */
export function auditSigningKey(config: HubConfig): KeyObject | undefined {
  const pem = config.AUDIT_SIGNING_KEY?.replaceAll('\\n', '\n').trim();
  if (!pem) return undefined;
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM');
  return key;
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
