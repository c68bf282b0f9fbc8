import { exportPublicKey, signEvent } from '@hub/identity';
import type { AgencyProfile } from '@hub/testing';
import type { DemoSigningKey } from './demo-agencies.js';

/** An agency ready to publish: its API key and a signer with its demo key. */
export interface DemoPublisher {
  readonly id: string;
  readonly apiKey: string;
  readonly sign: <T extends object>(event: T) => T;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfter: number;
}

async function call(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    retryAfter: Number(response.headers.get('retry-after') ?? '1') || 1,
  };
}

/**
 * Makes sure the hub knows the agency (onboarding it through the admin API if it does not), that
 * the demo key is one of its active signing keys, and gives it a short-lived API key (an hour).
 */
export async function preparePublisher(
  hubUrl: string,
  adminToken: string,
  agency: AgencyProfile,
  key: DemoSigningKey,
): Promise<DemoPublisher> {
  const admin = (method: string, path: string, body?: unknown): Promise<Answer> =>
    call(`${hubUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-admin-id': 'linkage-demo' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let details = await admin('GET', `/v1/admin/agencies/${agency.id}`);
  if (details.status === 404) {
    const onboarded = await admin('POST', '/v1/admin/agencies', agency);
    if (onboarded.status !== 201)
      throw new Error(`Onboarding ${agency.id} failed: HTTP ${onboarded.status} ${JSON.stringify(onboarded.body)}`);
    details = await admin('GET', `/v1/admin/agencies/${agency.id}`);
  }
  if (details.status !== 200) throw new Error(`Reading agency ${agency.id} failed: HTTP ${details.status} ${JSON.stringify(details.body)}`);
  const known = (details.body['signingKeys'] as { keyId: string; retiredAt: string | null; revokedAt: string | null }[] | undefined)?.find(
    (k) => k.keyId === key.keyId,
  );
  if (known && (known.retiredAt || known.revokedAt)) {
    throw new Error(
      `The demo signing key ${key.keyId} of ${agency.id} was retired or revoked at the hub; load the demo with another --seed.`,
    );
  }
  if (!known) {
    const added = await admin('POST', `/v1/admin/agencies/${agency.id}/signing-keys`, {
      keyId: key.keyId,
      alg: 'ed25519',
      publicKey: exportPublicKey(key.publicKey),
    });
    if (added.status !== 201) throw new Error(`Registering ${key.keyId} failed: HTTP ${added.status} ${JSON.stringify(added.body)}`);
  }
  const created = await admin('POST', `/v1/admin/agencies/${agency.id}/api-keys`, {
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  if (created.status !== 201)
    throw new Error(`Creating an API key for ${agency.id} failed: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  return {
    id: agency.id,
    apiKey: String(created.body['apiKey']),
    sign: (event) => signEvent(event, { alg: 'ed25519', keyId: key.keyId, privateKey: key.privateKey }),
  };
}

/** What the hub answered for the events of a batch. */
export interface BatchResult {
  readonly accepted: number;
  readonly duplicates: number;
}

/** Publishes one batch; waits and sends it again when the hub asks to (429, 503); anything else refused fails the load. */
export async function publishBatch(hubUrl: string, publisher: DemoPublisher, events: readonly object[]): Promise<BatchResult> {
  for (let attempt = 1; ; attempt++) {
    const answer = await call(`${hubUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${publisher.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    if (answer.status === 202) {
      const statuses = (answer.body['events'] as { status: string }[] | undefined) ?? [];
      return {
        accepted: statuses.filter((e) => e.status === 'accepted').length,
        duplicates: statuses.filter((e) => e.status === 'duplicate').length,
      };
    }
    if ((answer.status === 429 || answer.status === 503) && attempt < 30) {
      await new Promise((resolve) => setTimeout(resolve, answer.retryAfter * 1000));
      continue;
    }
    throw new Error(
      `The hub refused a batch of ${events.length} events from ${publisher.id}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 2000)}`,
    );
  }
}
