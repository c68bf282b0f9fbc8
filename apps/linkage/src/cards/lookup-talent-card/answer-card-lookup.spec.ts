import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../../chain/apply-event.js';
import { lookupTalentCard } from '../../rules/high-level-talent.rule.js';
import { ALICE, employer, event, holder } from '../../testing/chain-events.fixture.js';
import { answerCardLookup } from './answer-card-lookup.js';

const permit = event(
  'work-permit.issued',
  { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Chief scientist', validFrom: '2026-01-05', validTo: '2030-01-04' },
  { id: 'wp', time: '2026-01-05T09:00:00+08:00' },
);
const card = event(
  'talent-card.issued',
  {
    cardNo: 'TC1',
    holder,
    tier: 'A',
    workPermitNo: 'WP1',
    issuedOn: '2026-02-16',
    validTo: '2027-02-15',
    services: ['residence', 'medical'],
  },
  { id: 'card', time: '2026-02-16T09:00:00+08:00' },
);
const suspended = event(
  'talent-card.suspended',
  { cardNo: 'TC1', holder, suspendedOn: '2026-03-02', reason: 'under-investigation', until: '2026-06-01' },
  { id: 'suspended', time: '2026-03-02T09:00:00+08:00' },
);
const revoked = event(
  'work-permit.revoked',
  { permitNo: 'WP1', holder, revokedOn: '2026-04-10', reason: 'false-materials' },
  { id: 'revoked', time: '2026-04-10T09:00:00+08:00' },
);

describe('talent-card look-up answer', () => {
  it('answers a valid card with its tier and services', () => {
    expect(answerCardLookup(buildChain(ALICE, [permit, card]).state, 'TC1', '2026-02-20')).toEqual({
      cardNo: 'TC1',
      valid: true,
      tier: 'A',
      services: ['residence', 'medical'],
      status: 'valid',
      reasons: [{ code: 'valid', en: 'Valid to 2027-02-15', zh: '有效期至 2027-02-15' }],
      asOf: '2026-02-20',
    });
  });

  it('answers suspended while the suspension lasts, and valid again after it', () => {
    const state = buildChain(ALICE, [permit, card, suspended]).state;
    expect(answerCardLookup(state, 'TC1', '2026-03-10')).toMatchObject({
      valid: false,
      services: [],
      status: 'suspended',
      reasons: [{ code: 'suspended', en: 'Suspended from 2026-03-02 until 2026-06-01' }],
    });
    expect(answerCardLookup(state, 'TC1', '2026-06-01')).toMatchObject({ valid: true, status: 'valid' });
  });

  it('answers permit-ended once the work permit the card rests on is revoked', () => {
    const answer = answerCardLookup(buildChain(ALICE, [permit, card, revoked]).state, 'TC1', '2026-04-10');
    expect(answer).toMatchObject({ valid: false, status: 'permit-ended', reasons: [{ code: 'work-permit-revoked' }] });
    expect(answer?.reasons[0]?.zh).toBe('所依据的工作许可 WP1 已于 2026-04-10 撤销');
  });

  it('lists every reason, the status naming the first (expiry before suspension before the permit)', () => {
    const answer = answerCardLookup(buildChain(ALICE, [permit, card, revoked, suspended]).state, 'TC1', '2027-03-01');
    expect(answer).toMatchObject({ status: 'expired' });
    expect(answer?.reasons.map((r) => r.code)).toEqual(['expired', 'work-permit-revoked']);
  });

  it('knows no card it saw only suspended, nor one it never saw', () => {
    expect(answerCardLookup(buildChain(ALICE, [suspended]).state, 'TC1', '2026-03-10')).toBeUndefined();
    expect(answerCardLookup(buildChain(ALICE, [permit, card]).state, 'TC9', '2026-03-10')).toBeUndefined();
  });

  it('agrees with the rules on validity every day of the card', () => {
    const chain = buildChain(ALICE, [permit, card, suspended, revoked]);
    for (let day = Date.UTC(2026, 1, 10); day <= Date.UTC(2027, 2, 1); day += 86_400_000) {
      const asOf = new Date(day).toISOString().slice(0, 10);
      expect([asOf, answerCardLookup(chain.state, 'TC1', asOf)?.valid]).toEqual([asOf, lookupTalentCard(chain, 'TC1', asOf).valid]);
    }
  });
});
