import { createPrivateKey, type KeyObject } from 'node:crypto';
import { FieldCipher } from '@hub/identity';
import type { HubConfig } from './hub-config.js';

/** An Ed25519 private key from a PKCS#8 PEM setting (`\n` may be written as `\\n`), or undefined when the setting is empty. */
export function ed25519KeyFromSetting(pem: string | undefined, setting: string): KeyObject | undefined {
  const text = pem?.replaceAll('\\n', '\n').trim();
  if (!text) return undefined;
  const key = createPrivateKey(text);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${setting} must be an Ed25519 private key in PKCS#8 PEM`);
  return key;
}

/** The cipher of raw identifiers at rest (FIELD_ENCRYPTION_KEYS, FIELD_ENCRYPTION_ACTIVE_KEY). */
export function fieldCipherOf(config: HubConfig): FieldCipher {
  return FieldCipher.fromConfig(config.FIELD_ENCRYPTION_KEYS, config.FIELD_ENCRYPTION_ACTIVE_KEY, 'FIELD_ENCRYPTION_KEYS');
}
