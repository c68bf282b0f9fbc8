import { describe, expect, it } from '@jest/globals';
import { aSubject, contractEvent, holderOf } from '../testing/contract-events.fixture.js';
import { readChainEvent } from './read-chain-event.js';

const holder = holderOf('Élodie Marchand', 'E12345678');

function residenceIssued(subject: string): Record<string, unknown> & { data: Record<string, unknown> } {
  return contractEvent(
    'residence-permit.issued',
    {
      permitNo: 'R310000260001234',
      holder,
      workPermitNo: '310000202600001234',
      issuedOn: '2026-03-10',
      validFrom: '2026-03-10',
      validTo: '2028-02-29',
    },
    { subject, time: '2026-03-10T10:00:00+08:00' },
  ) as unknown as Record<string, unknown> & { data: Record<string, unknown> };
}

describe('readChainEvent', () => {
  it('reads an event whose person identifiers the projection withheld, as delivered (the stand-ins checked are not kept)', () => {
    const event = residenceIssued(aSubject());
    expect(event.data['holder']).toEqual({ nationality: 'FRA' });

    const read = readChainEvent(event);

    expect(read).toEqual({ kind: 'event', event });
    expect(event.data['holder']).toEqual({ nationality: 'FRA' });
  });

  it('reads a family link whose principal is known by permit number only', () => {
    const linked = contractEvent(
      'residence-permit.family-member-linked',
      { principal: { person: holder, residencePermitNo: 'R310000260001234', relationship: 'child' } },
      { subject: aSubject(), time: '2026-03-24T10:00:00+08:00' },
    );
    expect(readChainEvent(linked)).toEqual({ kind: 'event', event: linked });
  });

  it('names the path and rule of a broken field that is not a withheld identifier', () => {
    const event = residenceIssued(aSubject());
    const broken = { ...event, data: { ...event.data, validTo: '2028-02-30' } };
    expect(readChainEvent(broken)).toEqual({ kind: 'invalid', issues: [expect.objectContaining({ path: 'data.validTo' })] });
  });

  it('refuses a stand-in where the event states an identifier of the wrong form (the stand-ins only fill what is missing)', () => {
    const event = residenceIssued(aSubject());
    const wrongNationality = { ...event, data: { ...event.data, holder: { nationality: 'XXX' } } };
    expect(readChainEvent(wrongNationality)).toEqual({
      kind: 'invalid',
      issues: [expect.objectContaining({ path: 'data.holder.nationality' })],
    });
  });
});
