import { describe, expect, it } from '@jest/globals';
import { decideRecordVersions, diffFields, type HeldRecord, type VersionedEvent } from './decide-record-versions.js';
import type { RecordFields } from './record-identity.js';

const KEY = 'rec_0123456789abcdef0123456789abcdef';
const NOW = '2026-12-04T10:00:00.000Z';

function event(id: string, agency: string, version: number, dataHash = 'h1', type = 'work-permit.changed'): VersionedEvent {
  return {
    id,
    type,
    agency,
    record: { kind: 'work-permit', key: KEY, recordId: `row-${agency}`, version, dataHash, fields: {}, path: 'recordversion' },
  };
}

function held(
  agency: string,
  version: number,
  versionEvents: Record<string, string> = { 'work-permit.changed': 'h1' },
): Map<string, HeldRecord> {
  return new Map([
    [KEY, { key: KEY, kind: 'work-permit', agency, recordId: 'row-1', version, eventId: 'e0', updatedAt: NOW, versionEvents, fields: {} }],
  ]);
}

function outcomes(records: Map<string, HeldRecord>, events: VersionedEvent[]): string[] {
  const { decisions } = decideRecordVersions(records, events, NOW);
  return events.map((e) => decisions.get(e.id)?.outcome ?? 'none');
}

describe('decideRecordVersions', () => {
  it('applies the first version of a record nobody holds, and the holder becomes its publisher', () => {
    const { decisions, records } = decideRecordVersions(new Map(), [event('e1', 'bureau-310000', 1)], NOW);
    expect(decisions.get('e1')).toEqual({ outcome: 'apply' });
    expect(records.get(KEY)).toMatchObject({
      agency: 'bureau-310000',
      version: 1,
      eventId: 'e1',
      versionEvents: { 'work-permit.changed': 'h1' },
    });
  });

  it('applies a newer version from the holder, and refuses an older one with the version held', () => {
    expect(outcomes(held('bureau-310000', 3), [event('e1', 'bureau-310000', 4)])).toEqual(['apply']);
    const { decisions } = decideRecordVersions(held('bureau-310000', 3), [event('e1', 'bureau-310000', 2)], NOW);
    expect(decisions.get('e1')).toEqual({
      outcome: 'stale',
      stale: { eventId: 'e1', path: 'recordversion', recordId: 'row-bureau-310000', version: 2, currentVersion: 3, sameVersion: false },
    });
  });

  it('takes the held version again with the same content as a duplicate, with other content as stale', () => {
    expect(outcomes(held('bureau-310000', 3), [event('e1', 'bureau-310000', 3, 'h1')])).toEqual(['duplicate']);
    const { decisions } = decideRecordVersions(held('bureau-310000', 3), [event('e1', 'bureau-310000', 3, 'h2')], NOW);
    expect(decisions.get('e1')).toMatchObject({ outcome: 'stale', stale: { sameVersion: true, currentVersion: 3 } });
  });

  it('adds another event type to the held version (one version may stand for several events)', () => {
    const { decisions, records } = decideRecordVersions(
      held('bureau-310000', 3),
      [event('e1', 'bureau-310000', 3, 'h9', 'work-permit.extended')],
      NOW,
    );
    expect(decisions.get('e1')).toEqual({ outcome: 'apply' });
    expect(records.get(KEY)?.versionEvents).toEqual({ 'work-permit.changed': 'h1', 'work-permit.extended': 'h9' });
  });

  it('holds any version from another agency for an operator, with both sides, and leaves the record as it was', () => {
    const { decisions, records } = decideRecordVersions(held('bureau-310000', 3), [event('e1', 'bureau-110000', 9)], NOW);
    const decision = decisions.get('e1');
    expect(decision?.outcome).toBe('held');
    if (decision?.outcome !== 'held') return;
    expect(decision.conflict).toMatchObject({ eventId: 'e1', held: { agency: 'bureau-310000', version: 3, eventId: 'e0' } });
    expect(decision.conflict.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(records.size).toBe(0);
  });

  it('lets an operator-accepted change through, and hands the record to its agency', () => {
    const accepted = { ...event('e1', 'bureau-110000', 2), resolves: { conflictId: 'c1' } };
    const { decisions, records } = decideRecordVersions(held('bureau-310000', 3), [accepted], NOW);
    expect(decisions.get('e1')).toEqual({ outcome: 'apply' });
    expect(records.get(KEY)).toMatchObject({ agency: 'bureau-110000', version: 2, versionEvents: { 'work-permit.changed': 'h1' } });
  });

  it('decides a request in order: a later event sees the version an earlier one set', () => {
    expect(
      outcomes(new Map(), [event('e1', 'bureau-310000', 1), event('e2', 'bureau-310000', 2, 'h2'), event('e3', 'bureau-310000', 1, 'h3')]),
    ).toEqual(['apply', 'apply', 'stale']);
  });
});

describe('diffFields', () => {
  it('lists the leaves that differ, with the shown (masked) values, sorted by path', () => {
    const before: RecordFields = {
      'employer.name': { h: 'a', v: 'ACME' },
      permitNo: { h: 'p', v: '3100****1234' },
      region: { h: 'r1', v: '310000' },
    };
    const after: RecordFields = {
      'employer.name': { h: 'b', v: 'Beta' },
      permitNo: { h: 'p', v: '3100****1234' },
      validUntil: { h: 'v', v: '2028-01-01' },
    };
    expect(diffFields(before, after)).toEqual([
      { path: 'employer.name', held: 'ACME', incoming: 'Beta' },
      { path: 'region', held: '310000' },
      { path: 'validUntil', incoming: '2028-01-01' },
    ]);
  });
});
