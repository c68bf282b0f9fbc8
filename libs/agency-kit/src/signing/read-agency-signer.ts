import { readFileSync } from 'node:fs';
import { parsePrivateKey, type SignatureAlgorithm } from '@hub/identity';
import { AgencySigner } from './agency-signer.js';

/** The settings an agency adapter's signing key is read from, named as every adapter names them. */
export interface SigningSettings {
  readonly AGENCY_ID: string;
  /** The private key, PKCS#8 PEM (`\n` may be written as the two characters `\` `n`); or SIGNING_KEY_FILE. */
  readonly SIGNING_KEY: string | undefined;
  /** A file holding SIGNING_KEY (preferred); it wins when both are set. */
  readonly SIGNING_KEY_FILE: string | undefined;
  /** The id under which the hub has the agency's public key registered. */
  readonly SIGNING_KEY_ID: string;
  readonly SIGNING_ALG: SignatureAlgorithm;
}

/**
 * The agency's signer from SIGNING_KEY (or SIGNING_KEY_FILE), SIGNING_KEY_ID and SIGNING_ALG, the key
 * read and checked against the algorithm now. Throws an error naming the setting and saying what
 * it must hold.
 */
export function readAgencySigner(settings: SigningSettings): AgencySigner {
  const pem = readSecretSetting('SIGNING_KEY', settings.SIGNING_KEY, settings.SIGNING_KEY_FILE);
  try {
    const privateKey = parsePrivateKey(settings.SIGNING_ALG, pem.replace(/\\n/g, '\n'));
    return new AgencySigner(settings.AGENCY_ID, { alg: settings.SIGNING_ALG, keyId: settings.SIGNING_KEY_ID, privateKey });
  } catch (error) {
    throw new Error(
      `SIGNING_KEY: ${(error as Error).message} It must be ${settings.AGENCY_ID}'s ${settings.SIGNING_ALG} private key, PKCS#8 PEM.`,
      { cause: error },
    );
  }
}

/** A secret setting `name`, or the content of the file `<name>_FILE` names (trimmed) when that is set. */
export function readSecretSetting(name: string, value: string | undefined, file: string | undefined): string {
  if (file === undefined) return value ?? '';
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`, { cause: error });
  }
}
