import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair } from '@hub/identity';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { startLinkageApiApp, type LinkageApiApp } from '../api-access/testing/linkage-api-app.fixture.js';
import { buildChain } from '../chain/apply-event.js';
import type { ChainEvent, PersonChain } from '../chain/person-chain.types.js';
import { CasesApiModule } from '../cases-api/cases-api.module.js';
import { linkageEventSigner } from '../cases-api/case-resolved-event.js';
import { seedCase } from '../cases-api/testing/case-rows.fixture.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { LinkageInboxRepository } from '../store/linkage-inbox.repository.js';
import { PersonChainsRepository } from '../store/person-chains.repository.js';
import { ALICE, BOB, employer, event, holder } from '../testing/chain-events.fixture.js';
import { CardLookupModule } from './card-lookup.module.js';

const DESK = 'desk-key-'.padEnd(48, 'd');
const MFA = 'mfa-key-'.padEnd(48, 'm');
const BUREAU = 'bureau-key-'.padEnd(48, 'u');
const EVALUATOR = 'evaluator-key-'.padEnd(48, 'e');
const API_KEYS = `psb-310000:exit-entry-desk:${DESK},mfa:visa-office:${MFA},bureau-110000:permit-office:${BUREAU},*:evaluator:${EVALUATOR}`;
const TODAY = '2026-04-15';

const permit = event(
  'work-permit.issued',
  { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Chief scientist', validFrom: '2026-01-05', validTo: '2030-01-04' },
  { id: 'wp', time: '2026-01-05T09:00:00+08:00' },
);
const card = event(
  'talent-card.issued',
  {
    cardNo: 'TC-310000-2026-000078',
    holder,
    tier: 'A',
    workPermitNo: 'WP1',
    issuedOn: '2026-02-16',
    validTo: '2031-02-15',
    services: ['residence', 'medical'],
  },
  { id: 'card', time: '2026-02-16T09:00:00+08:00' },
);
const suspended = event(
  'talent-card.suspended',
  { cardNo: 'TC-310000-2026-000078', holder, suspendedOn: '2026-04-01', reason: 'under-investigation' },
  { id: 'suspended', time: '2026-04-01T09:00:00+08:00' },
);
const revoked = event(
  'work-permit.revoked',
  { permitNo: 'WP1', holder, revokedOn: '2026-04-10', reason: 'false-materials' },
  { id: 'revoked', time: '2026-04-10T09:00:00+08:00' },
);

/**
 * The talent-card look-up and the person-chain read on a real PostgreSQL database over HTTP: chains
 * are written as the runtime writes them (PersonChain JSON, card numbers for the GIN index), and a
 * chain row updated by a later event changes the next answer.
 */
describe('talent-card look-up and person chains', () => {
  let database: MigratedTestDatabase;
  let api: LinkageApiApp;

  // As the service stores a chain (its state in person_chains, its events in linkage_inbox); here a person's events are exactly these.
  const saveChain = async (chain: PersonChain) => {
    await database.dataSource.transaction(async (tx) => {
      await new PersonChainsRepository().saveMany(tx, [chain], TODAY);
      await tx.query('DELETE FROM linkage_inbox WHERE subject = $1', [chain.subject]);
      await new LinkageInboxRepository().admit(
        tx,
        chain.events.map((event) => ({ event, delivery: null, asOf: TODAY })),
      );
    });
  };
  const save = (subject: string, events: ChainEvent[]) => saveChain(buildChain(subject, events));

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_cards', LINKAGE_MIGRATIONS);
    api = await startLinkageApiApp(database.dataSource, API_KEYS, [
      CardLookupModule.forRoot({ today: () => TODAY }),
      CasesApiModule.forRoot({ signer: linkageEventSigner('linkage-k1', generateSigningKeyPair('ed25519').privateKey) }),
    ]);
  });
  afterAll(async () => {
    await api?.app.close();
    await database?.drop();
  });

  it('answers any agency whether a card is valid, its tier and services; the holder only to psb, bureau and *', async () => {
    await save(ALICE, [permit, card]);
    const forPsb = await api.call('/v1/talent-cards/TC-310000-2026-000078', { key: DESK, purpose: 'residence application' });
    expect(forPsb.status).toBe(200);
    expect(await forPsb.json()).toEqual({
      cardNo: 'TC-310000-2026-000078',
      valid: true,
      tier: 'A',
      services: ['residence', 'medical'],
      status: 'valid',
      reasons: [{ code: 'valid', en: 'Valid to 2031-02-15', zh: '有效期至 2031-02-15' }],
      asOf: TODAY,
      holderSubject: ALICE,
    });
    const forMfa = (await (await api.call('/v1/talent-cards/TC-310000-2026-000078', { key: MFA })).json()) as Record<string, unknown>;
    expect(forMfa).toMatchObject({ valid: true, tier: 'A' });
    expect(forMfa).not.toHaveProperty('holderSubject');
    expect(await (await api.call('/v1/talent-cards/TC-310000-2026-000078', { key: EVALUATOR })).json()).toMatchObject({
      holderSubject: ALICE,
    });
    const [logged] = await database.dataSource.query<
      { actor_agency: string; purpose: string; path: string; status: number; result_count: number }[]
    >(
      `SELECT actor_agency, purpose, path, status, result_count FROM api_access_log WHERE actor_name = 'exit-entry-desk' ORDER BY id LIMIT 1`,
    );
    expect(logged).toEqual({
      actor_agency: 'psb-310000',
      purpose: 'residence application',
      path: '/v1/talent-cards/TC-310000-2026-000078',
      status: 200,
      result_count: 1,
    });
  });

  it('changes the answer as soon as the chain row holds a suspension or the revoked work permit', async () => {
    await save(ALICE, [permit, card, suspended]);
    expect(await (await api.call('/v1/talent-cards/TC-310000-2026-000078', { key: MFA })).json()).toMatchObject({
      valid: false,
      services: [],
      status: 'suspended',
      reasons: [{ code: 'suspended', en: 'Suspended from 2026-04-01' }],
    });
    await save(ALICE, [permit, card, revoked]);
    expect(await (await api.call('/v1/talent-cards/TC-310000-2026-000078', { key: MFA })).json()).toMatchObject({
      valid: false,
      status: 'permit-ended',
      reasons: [{ code: 'work-permit-revoked', en: 'Work permit WP1 revoked on 2026-04-10' }],
    });
  });

  it('answers 404 for a card never issued and 400 for a number that cannot be one', async () => {
    const unknown = await api.call('/v1/talent-cards/TC-999', { key: MFA });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      code: 'CARD_NOT_FOUND',
      message: { en: expect.stringContaining('No talent card TC-999'), zh: expect.stringContaining('TC-999') },
    });
    const onlySuspended = event(
      'talent-card.suspended',
      { cardNo: 'TC-SUSPENDED-ONLY', holder, suspendedOn: '2026-04-01', reason: 'under-investigation' },
      { id: 'susp-only', subject: BOB },
    );
    await save(BOB, [onlySuspended]);
    expect((await api.call('/v1/talent-cards/TC-SUSPENDED-ONLY', { key: MFA })).status).toBe(404);
    const bad = await api.call('/v1/talent-cards/tc%20001', { key: MFA });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown[] }).errors).toEqual([
      { path: 'cardNo', rule: 'matches', message: { en: expect.any(String), zh: expect.any(String) } },
    ]);
    expect((await api.call('/v1/talent-cards/TC-310000-2026-000078', { key: null })).status).toBe(401);
    expect((await api.call('/v1/talent-cards/TC-310000-2026-000078', { key: MFA, purpose: null })).status).toBe(400);
  });

  it("reads one person's chain with decisions and cases: any for a * key, an agency's key only where it owns a case", async () => {
    await save(ALICE, [permit, card]);
    const seeded = await seedCase(database.dataSource, { subject: ALICE, ownerAgency: 'psb-310000' });
    const response = await api.call(`/v1/chains/${ALICE}`, { key: EVALUATOR, purpose: 'evaluation' });
    expect(response.status).toBe(200);
    const detail = (await response.json()) as { chain: PersonChain } & Record<string, unknown>;
    expect(detail).toMatchObject({
      subject: ALICE,
      province: '310000',
      cardNumbers: ['TC-310000-2026-000078'],
      eventCount: 2,
      decisions: [{ key: seeded.decisionKey, ruleId: 'LNK-01-WORK-PERMIT-ENDED', outcome: 'review-required' }],
      cases: [{ id: seeded.id, ownerAgency: 'psb-310000', state: 'open' }],
    });
    expect(detail.chain.state.talentCards['TC-310000-2026-000078']).toMatchObject({ tier: 'A' });
    expect(detail.chain).toEqual(buildChain(ALICE, [card, permit]));
    expect((await api.call(`/v1/chains/${ALICE}`, { key: DESK })).status).toBe(200);
    expect((await api.call(`/v1/chains/${ALICE}`, { key: BUREAU })).status).toBe(404);
    expect((await api.call(`/v1/chains/sub_${'0'.repeat(32)}`, { key: EVALUATOR })).status).toBe(404);
    expect((await api.call('/v1/chains/alice', { key: EVALUATOR })).status).toBe(400);
    expect((await api.call(`/v1/chains/${ALICE}`, { key: EVALUATOR, purpose: null })).status).toBe(400);
    const logged = await database.dataSource.query<{ actor_name: string; status: number }[]>(
      `SELECT actor_name, status FROM api_access_log WHERE path = $1 ORDER BY id`,
      [`/v1/chains/${ALICE}`],
    );
    expect(logged).toEqual([
      { actor_name: 'evaluator', status: 200 },
      { actor_name: 'exit-entry-desk', status: 200 },
      { actor_name: 'permit-office', status: 404 },
      { actor_name: 'evaluator', status: 400 },
    ]);
  });
});
