import { parsePrivateKey, type SignEventOptions, type SignatureAlgorithm } from '@hub/identity';
import { readFileSync } from 'node:fs';

/** What public security needs to speak to the hub itself: receipts, and its residence decisions. */
export interface HubLink {
  readonly hubUrl: string;
  readonly apiKey: string;
  readonly signing: SignEventOptions;
}

/** The settings a hub link is read from (all optional: without HUB_URL the adapter only records). */
export interface HubLinkSettings {
  readonly AGENCY_ID: string;
  readonly HUB_URL: string | undefined;
  readonly HUB_API_KEY: string | undefined;
  readonly HUB_API_KEY_FILE: string | undefined;
  readonly SIGNING_KEY: string | undefined;
  readonly SIGNING_KEY_FILE: string | undefined;
  readonly SIGNING_KEY_ID: string | undefined;
  readonly SIGNING_ALG: SignatureAlgorithm;
}

/** The settings a set HUB_URL also needs, by name; empty when none is missing. */
export function missingHubLinkSettings(settings: HubLinkSettings): string[] {
  if (settings.HUB_URL === undefined) return [];
  return [
    settings.HUB_API_KEY === undefined && settings.HUB_API_KEY_FILE === undefined
      ? `HUB_API_KEY (or HUB_API_KEY_FILE): required with HUB_URL, ${settings.AGENCY_ID}'s API key at the hub`
      : undefined,
    settings.SIGNING_KEY === undefined && settings.SIGNING_KEY_FILE === undefined
      ? `SIGNING_KEY (or SIGNING_KEY_FILE): required with HUB_URL, ${settings.AGENCY_ID}'s private signing key (PKCS#8 PEM)`
      : undefined,
    settings.SIGNING_KEY_ID === undefined ? 'SIGNING_KEY_ID: required with HUB_URL, the key id registered at the hub' : undefined,
  ].filter((problem) => problem !== undefined);
}

/** The hub link, its secrets read now (throws naming the setting); undefined without HUB_URL. */
export function readHubLink(settings: HubLinkSettings): HubLink | undefined {
  if (settings.HUB_URL === undefined || settings.SIGNING_KEY_ID === undefined) return undefined;
  const apiKey = readSecret('HUB_API_KEY', settings.HUB_API_KEY, settings.HUB_API_KEY_FILE);
  const pem = readSecret('SIGNING_KEY', settings.SIGNING_KEY, settings.SIGNING_KEY_FILE);
  try {
    const privateKey = parsePrivateKey(settings.SIGNING_ALG, pem.replace(/\\n/g, '\n'));
    return { hubUrl: settings.HUB_URL, apiKey, signing: { alg: settings.SIGNING_ALG, keyId: settings.SIGNING_KEY_ID, privateKey } };
  } catch (error) {
    throw new Error(
      `SIGNING_KEY: ${(error as Error).message} It must be ${settings.AGENCY_ID}'s ${settings.SIGNING_ALG} private key, PKCS#8 PEM.`,
      {
        cause: error,
      },
    );
  }
}

function readSecret(name: string, value: string | undefined, file: string | undefined): string {
  if (file === undefined) return value ?? '';
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`, { cause: error });
  }
}
