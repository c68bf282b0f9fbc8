import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, employer, event, holder } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateHighLevelTalent, lookupTalentCard } from './high-level-talent.rule.js';

const permit = (permitClass: 'A' | 'B') =>
  event(
    'work-permit.issued',
    { permitNo: 'WP1', permitClass, holder, employer, position: 'Chief scientist', validFrom: '2026-01-05', validTo: '2030-01-04' },
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
    validTo: '2031-02-15',
    services: ['residence', 'medical'],
  },
  { id: 'card', time: '2026-02-16T09:00:00+08:00' },
);
const suspended = event(
  'talent-card.suspended',
  { cardNo: 'TC1', holder, suspendedOn: '2026-03-02', reason: 'under-investigation', until: '2026-06-01' },
  { id: 'suspended', time: '2026-03-02T09:00:00+08:00' },
);

describe('rule 6: high-level talent and the talent card', () => {
  it('marks a class A permit holder for simplified procedures at foreign affairs and public security', () => {
    const [decision] = evaluateHighLevelTalent(buildChain(ALICE, [permit('A')]), ruleContext('2026-02-01'));
    expect(decision).toMatchObject({ ruleId: 'LNK-06-HIGH-LEVEL-TALENT', outcome: 'simplified-procedures', notify: ['mfa', 'psb-310000'] });
  });

  it('does not mark a class B holder without a card', () => {
    expect(evaluateHighLevelTalent(buildChain(ALICE, [permit('B')]), ruleContext('2026-02-01'))).toEqual([]);
  });

  it('answers a card lookup with tier and services, and changes the answer while the card is suspended', () => {
    const chain = buildChain(ALICE, [permit('B'), card, suspended]);
    expect(lookupTalentCard(chain, 'TC1', '2026-02-20')).toMatchObject({ valid: true, tier: 'A', services: ['residence', 'medical'] });
    expect(lookupTalentCard(chain, 'TC1', '2026-03-10')).toMatchObject({
      valid: false,
      services: [],
      reason: { en: 'Suspended from 2026-03-02' },
    });
    expect(lookupTalentCard(chain, 'TC1', '2026-06-01')).toMatchObject({ valid: true });
  });

  it('invalidates the card once the work permit it rests on is revoked', () => {
    const revoked = event(
      'work-permit.revoked',
      { permitNo: 'WP1', holder, revokedOn: '2026-04-10', reason: 'false-materials' },
      { id: 'revoked', time: '2026-04-10T09:00:00+08:00' },
    );
    const chain = buildChain(ALICE, [revoked, permit('B'), card]);
    expect(lookupTalentCard(chain, 'TC1', '2026-04-11')).toMatchObject({
      valid: false,
      reason: { en: 'Work permit WP1 revoked on 2026-04-10' },
    });
    expect(evaluateHighLevelTalent(chain, ruleContext('2026-04-11'))).toEqual([]);
  });

  it('answers "no such card" for a number it has not seen', () => {
    expect(lookupTalentCard(buildChain(ALICE, [card]), 'TC9', '2026-03-01')).toMatchObject({
      valid: false,
      reason: { en: 'No such card issued' },
    });
  });
});
