import { readAgencySigner, readSecretSetting, type AgencySigner } from '@hub/agency-kit';
import type { SignEventOptions, SignatureAlgorithm } from '@hub/identity';

/** What public security needs to speak to the hub itself: receipts, and its residence decisions. */
export interface HubLink {
  readonly hubUrl: string;
  readonly apiKey: string;
  /** The agency's signer (the kit's): its decisions. */
  readonly signer: AgencySigner;
  /** The signer's key: its receipts. */
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
  const apiKey = readSecretSetting('HUB_API_KEY', settings.HUB_API_KEY, settings.HUB_API_KEY_FILE);
  const signer = readAgencySigner({ ...settings, SIGNING_KEY_ID: settings.SIGNING_KEY_ID });
  return { hubUrl: settings.HUB_URL, apiKey, signer, signing: signer.key };
}
