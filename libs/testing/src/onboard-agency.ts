import { exportPublicKey, generateSigningKeyPair, signEvent } from '@hub/identity';

/** An agency's credentials at a hub: a registered signing key and an API key. */
export interface OnboardedAgency {
  readonly id: string;
  readonly keyId: string;
  readonly apiKey: string;
  /** The agency's Kafka (SCRAM-SHA-512) password, when this call onboarded it (the hub shows it once). */
  readonly kafkaPassword: string | undefined;
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
  let kafkaPassword: string | undefined;
  if ((await admin('GET', `/v1/admin/agencies/${agency.id}`)).status === 404) {
    const onboarded = await admin('POST', '/v1/admin/agencies', agency);
    if (onboarded.status !== 201) throw new Error(`onboarding ${agency.id} failed: ${JSON.stringify(onboarded.body)}`);
    kafkaPassword = String((onboarded.body['kafka'] as { password: string }).password);
  }
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
    kafkaPassword,
    sign: (event) => signEvent(event, { alg: 'ed25519', keyId, privateKey: keys.privateKey }),
  };
}

/** Gives an onboarded agency a new Kafka password through the hub's admin API (the old one stops working). */
export async function rotateKafkaPassword(hubUrl: string, adminToken: string, agencyId: string, operator = 'operator'): Promise<string> {
  const response = await fetch(`${hubUrl}/v1/admin/agencies/${agencyId}/kafka-credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-admin-id': operator },
    body: '{}',
  });
  const body = (await response.json()) as { password?: string };
  if (response.status !== 201 || body.password === undefined)
    throw new Error(`rotating ${agencyId}'s Kafka password failed: ${JSON.stringify(body)}`);
  return body.password;
}
