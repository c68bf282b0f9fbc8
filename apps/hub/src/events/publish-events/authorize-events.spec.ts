import { afterAll, describe, expect, it } from '@jest/globals';
import { canonicalJson, validateEvent } from '@hub/contracts';
import { SignatureWorkerPool } from '@hub/identity';
import { aWorkPermitIssuedEvent, signedByItsAgency, testSigningKey } from '@hub/testing';
import type { Agency, AgencyRegistry } from '../../agencies/index.js';
import type { PolicyService } from '../../policy/index.js';
import { type PublishRefusedError } from '../events.errors.js';
import { authorizeEvents, type ReceivedEvent } from './authorize-events.js';

const agency = { id: 'bureau-310000', kind: 'bureau', region: '310000', status: 'active' } as Agency;
const registry = {
  signingKey: (keyId: string) => {
    const agencyId = keyId.replace(/-test-k1$/, '');
    return { agencyId, alg: 'ed25519' as const, publicKey: testSigningKey(agencyId).publicKeyPem, status: 'active' as const };
  },
} as unknown as AgencyRegistry;
const policy = { mayPublish: () => ({ allowed: true, purpose: 'work-permit-administration' }) } as unknown as PolicyService;
const pool = new SignatureWorkerPool({ threads: 2, chunkSize: 7 });

function received(events: readonly Record<string, unknown>[]): ReceivedEvent[] {
  return events.map((raw, index) => ({ raw, validated: validateEvent(raw), prefix: `events[${index}]` }));
}

async function refusalsOf(events: readonly ReceivedEvent[], verify?: SignatureWorkerPool['verify']): Promise<unknown> {
  return authorizeEvents(agency, events, policy, registry, verify).then(
    () => [],
    (error: unknown) => (error as PublishRefusedError).issues,
  );
}

describe('authorizeEvents with signatures verified on worker threads', () => {
  afterAll(async () => {
    await pool.close();
  });

  it('accepts a large batch and gives each event the canonical text the signature covered', async () => {
    const events = received(Array.from({ length: 40 }, () => signedByItsAgency(aWorkPermitIssuedEvent())));
    const authorized = await authorizeEvents(agency, events, policy, registry, pool.verify);
    expect(authorized).toHaveLength(40);
    // The content hash is taken over this text: it must be what canonicalJson gives the validated event, as before.
    expect(authorized.map(({ canonical }) => canonical)).toEqual(events.map(({ validated }) => canonicalJson(validated.envelope)));
    expect(
      authorized.every(({ purpose, canonical }) => purpose === 'work-permit-administration' && canonical?.startsWith('{"agency":')),
    ).toBe(true);
  });

  it('refuses exactly the events, with the paths, rules and messages of verification on the event loop', async () => {
    const events = Array.from({ length: 30 }, () => signedByItsAgency(aWorkPermitIssuedEvent()));
    events[3] = { ...events[3], region: '310115' };
    events[11] = { ...events[11], signature: (events[12]?.['signature'] as string).replace(/.$/, 'A') };
    events[29] = { ...events[29], correlationid: 'changed-after-signing' };
    const batch = received(events);
    const onThreads = await refusalsOf(batch, pool.verify);
    expect(onThreads).toEqual(await refusalsOf(batch));
    expect((onThreads as { path: string; rule: string }[]).map((issue) => `${issue.path}:${issue.rule}`)).toEqual([
      'events[3].signature:SIGNATURE_INVALID',
      'events[11].signature:SIGNATURE_INVALID',
      'events[29].signature:SIGNATURE_INVALID',
    ]);
  });
});
