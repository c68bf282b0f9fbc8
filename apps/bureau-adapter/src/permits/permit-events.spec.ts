import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError, validateEvent } from '@hub/contracts';
import { generateSigningKeyPair, verifyEventSignature } from '@hub/identity';
import { permitEventId, permitEvents, signPermitEvents, type PermitEvent } from './permit-events.js';
import { aPermitRecord } from './testing/a-permit-record.js';

const ctx = { agencyId: 'bureau-310000' };
const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Each event checked by the contracts' own validation (throws ValidationFailedError naming the field). */
function validated(events: readonly PermitEvent[]): PermitEvent[] {
  for (const event of events) validateEvent(event);
  return [...events];
}

function issuesOf(event: PermitEvent): { path: string; rule: string }[] {
  try {
    validateEvent(event);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return error.issues.map(({ path, rule }) => ({ path, rule }));
  }
}

describe('permitEvents on first sight (bulk import, snapshot)', () => {
  it('makes one work-permit.issued v2 of an issued permit, valid against its contract', () => {
    const [issued, ...rest] = validated(permitEvents(aPermitRecord(), undefined, ctx));
    expect(rest).toEqual([]);
    expect(issued).toMatchObject({
      type: 'work-permit.issued',
      contractversion: 2,
      agency: 'bureau-310000',
      source: 'urn:hub:agency:bureau-310000',
      region: '310115',
      time: '2026-03-01T00:00:00+08:00',
      data: {
        permitNo: '310000202600001234',
        permitClass: 'B',
        holder: { passportNo: 'E12345678', nationality: 'FRA' },
        employer: { creditCode: '91310000MA1FL4XXXX' },
        occupation: { title: 'Senior process engineer', code: '2-02-07-01' },
        workRegion: '310115',
        validity: { from: '2026-03-01', to: '2028-02-29' },
      },
    });
  });

  it.each([
    ['revoked', { statusOn: '2026-06-15', statusReason: 'false-materials', remarks: '沪外专撤字〔2026〕12号' }, 'work-permit.revoked'],
    ['cancelled', { statusOn: '2027-09-30', statusReason: 'employment-ended' }, 'work-permit.cancelled'],
    ['expired', {}, 'work-permit.expired'],
  ] as const)('makes issued then %s, both valid', (status, more, endType) => {
    const events = validated(permitEvents(aPermitRecord({ status, ...more }), undefined, ctx));
    expect(events.map((event) => event.type)).toEqual(['work-permit.issued', endType]);
  });

  it('dates an expiry the day after the last day of validity', () => {
    const events = validated(permitEvents(aPermitRecord({ status: 'expired' }), undefined, ctx));
    expect(events[1]?.data).toMatchObject({ expiredOn: '2028-03-01' });
    expect(events[1]?.time).toBe('2028-03-01T00:00:00+08:00');
  });

  it('leaves a field the record lacks missing, so the contract names it', () => {
    const [, revoked] = permitEvents(aPermitRecord({ status: 'revoked', statusOn: '2026-06-15' }), undefined, ctx);
    expect(revoked && issuesOf(revoked)).toEqual([expect.objectContaining({ path: 'data.reason' })]);
  });
});

describe('permitEvents on a change from the previous version', () => {
  const before = aPermitRecord();

  it('makes work-permit.changed naming each kind of change, with the values after it', () => {
    const after = aPermitRecord({
      version: 2,
      status: 'changed',
      statusOn: '2027-05-01',
      employer: { creditCode: '91310115MA1K3Y7P2Q', name: '上海示例新材料有限公司' },
      occupation: { title: 'Head of process engineering' },
      permitClass: 'A',
      holder: { ...before.holder, passportNo: 'F98765432' },
    });
    const [changed, ...rest] = validated(permitEvents(after, before, ctx));
    expect(rest).toEqual([]);
    expect(changed).toMatchObject({
      type: 'work-permit.changed',
      time: '2027-05-01T00:00:00+08:00',
      data: {
        effectiveOn: '2027-05-01',
        changeKinds: ['employer', 'position', 'permit-class', 'passport'],
        employer: { creditCode: '91310115MA1K3Y7P2Q' },
        position: 'Head of process engineering',
        permitClass: 'A',
        previousPassportNo: 'E12345678',
        holder: { passportNo: 'F98765432' },
      },
    });
  });

  it('calls a new name under the same credit code employer-name, and a later last day an extension', () => {
    const after = aPermitRecord({
      version: 3,
      statusOn: '2028-01-10',
      employer: { ...before.employer, name: '上海示例科技股份有限公司' },
      validUntil: '2030-02-28',
    });
    const events = validated(permitEvents(after, before, ctx));
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['work-permit.changed', expect.objectContaining({ changeKinds: ['employer-name'] })],
      ['work-permit.extended', expect.objectContaining({ extendedOn: '2028-01-10', previousValidTo: '2028-02-29', validTo: '2030-02-28' })],
    ]);
  });

  it('makes the end of a permit once, when its status turns', () => {
    const revoked = aPermitRecord({ version: 2, status: 'revoked', statusOn: '2026-06-15', statusReason: 'illegal-employment' });
    expect(validated(permitEvents(revoked, before, ctx)).map((event) => event.type)).toEqual(['work-permit.revoked']);
    expect(permitEvents({ ...revoked, version: 3, remarks: 'file closed' }, revoked, ctx)).toEqual([]);
  });

  it('makes nothing for a version no newer than the previous, or one no event carries', () => {
    expect(permitEvents(aPermitRecord({ version: 2 }), aPermitRecord({ version: 2 }), ctx)).toEqual([]);
    expect(permitEvents(aPermitRecord({ version: 1, permitClass: 'A' }), aPermitRecord({ version: 2 }), ctx)).toEqual([]);
    expect(permitEvents(aPermitRecord({ version: 2, points: 80 }), before, ctx)).toEqual([]);
  });
});

describe('permit event ids and signatures', () => {
  it('are UUID v5 of agency, record, version and type: the same every time, different otherwise', () => {
    const record = aPermitRecord({ status: 'expired' });
    const first = permitEvents(record, undefined, ctx);
    expect(permitEvents(record, undefined, ctx)).toEqual(first);
    expect(first.map((event) => event.id)).toEqual([
      permitEventId('bureau-310000', record, 'work-permit.issued'),
      permitEventId('bureau-310000', record, 'work-permit.expired'),
    ]);
    for (const event of first) expect(event.id).toMatch(V5);
    const others = [
      permitEvents({ ...record, version: 2 }, undefined, ctx),
      permitEvents({ ...record, recordId: 'WP-310000-000002' }, undefined, ctx),
      permitEvents(record, undefined, { agencyId: 'bureau-110000' }),
    ];
    const ids = new Set([first, ...others].flat().map((event) => event.id));
    expect(ids.size).toBe(8);
  });

  it('carry the record id and version as recordid and recordversion, which the envelope accepts', () => {
    const events = validated(permitEvents(aPermitRecord({ version: 4, status: 'expired' }), undefined, ctx));
    expect(events.map(({ recordid, recordversion }) => [recordid, recordversion])).toEqual([
      ['WP-310000-000001', 4],
      ['WP-310000-000001', 4],
    ]);
  });

  it('are signed with the bureau key over the whole event, and still valid', async () => {
    const pair = generateSigningKeyPair('ed25519');
    const events = permitEvents(aPermitRecord({ status: 'expired' }), undefined, ctx);
    const signed = signPermitEvents(events, { alg: 'ed25519', keyId: 'bureau-310000-k1', privateKey: pair.privateKey });
    const lookup = () => ({ alg: 'ed25519' as const, publicKey: pair.publicKey, agencyId: 'bureau-310000', status: 'active' as const });
    for (const event of signed) {
      validateEvent(event);
      await expect(verifyEventSignature(event, lookup)).resolves.toMatchObject({ keyId: 'bureau-310000-k1' });
      await expect(verifyEventSignature({ ...event, region: '310000' }, lookup)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    }
  });
});
