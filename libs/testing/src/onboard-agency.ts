import { exportPublicKey, generateSigningKeyPair, signEvent } from '@hub/identity';

/** An agency's credentials at a hub: a registered signing key and an API key. */
export interface OnboardedAgency {
  readonly id: string;
  readonly keyId: string;
  readonly apiKey: string;
  /** The event signed with the agency's key. */
  readonly sign: <T extends object>(event: T) => T;
}

/** What the hub's admin API needs to onboard an agency. */
export interface AgencyProfile {
  readonly id: string;
  readonly kind: string;
  readonly region: string | null;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly contact: string;
}

/**
 * Onboards an agency through the hub's admin API as an operator would (once per database),
 * registers a new Ed25519 signing key and creates an API key. For demos and benchmarks.
 */
export async function onboardAgency(
  hubUrl: string,
  adminToken: string,
  agency: AgencyProfile,
  operator = 'operator',
): Promise<OnboardedAgency> {
  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${hubUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-admin-id': operator },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  if ((await admin('GET', `/v1/admin/agencies/${agency.id}`)).status === 404) await admin('POST', '/v1/admin/agencies', agency);
  const keys = generateSigningKeyPair('ed25519');
  const keyId = `${agency.id}-${Date.now()}`;
  const added = await admin('POST', `/v1/admin/agencies/${agency.id}/signing-keys`, {
    keyId,
    alg: 'ed25519',
    publicKey: exportPublicKey(keys.publicKey),
  });
  const created = await admin('POST', `/v1/admin/agencies/${agency.id}/api-keys`, {});
  if (added.status !== 201 || created.status !== 201) {
    throw new Error(`onboarding ${agency.id} failed: ${JSON.stringify([added.body, created.body])}`);
  }
  return {
    id: agency.id,
    keyId,
    apiKey: String(created.body['apiKey']),
    sign: (event) => signEvent(event, { alg: 'ed25519', keyId, privateKey: keys.privateKey }),
  };
}
