import { describe, expect, it } from '@jest/globals';
import type { PermitDocument } from './permit-document.js';
import { permitRecordOf } from './permit-record-of.js';
import { prepareChanges } from './prepare-changes.js';
import type { SyncItem } from './fold-changes.js';

const document = (version: number, passportNo = 'E12345678'): PermitDocument => ({
  permitId: 7,
  permitNo: '310000202600000007',
  version,
  permitClass: 'B',
  points: 72,
  positionTitle: 'Engineer',
  occupationCode: null,
  workRegion: '310115',
  issuedOn: '2026-01-05',
  validFrom: '2026-01-05',
  validUntil: '2027-12-31',
  status: 'VALID',
  statusReason: null,
  statusChangedOn: null,
  holder: { familyName: 'Durand', givenNames: 'Amélie', birthDate: '1988-04-12', nationality: 'FRA', passportNo },
  employer: { uscc: '91310000MA1FL8XQ3C', nameZh: '上海示例科技有限公司' },
});
const item = (doc: PermitDocument | null, origin: 'change' | 'snapshot' = 'change'): SyncItem => ({
  kind: 'permit',
  id: '7',
  document: doc,
  origin,
});

describe('prepareChanges', () => {
  it('publishes newer versions in order, each against the one before, and passes over versions already published', () => {
    const published = new Map([['fwp.permit:7', permitRecordOf(document(1))]]);
    const { changes, refusals } = prepareChanges([item(document(1), 'snapshot'), item(document(2)), item(document(3))], published);
    expect(changes.map(({ record, previous }) => `${previous?.version}→${record.version}`)).toEqual(['1→2', '2→3']);
    expect(changes[1]?.kind === 'permit' && changes[1].record.status).toBe('changed');
    expect(refusals).toEqual([]);
  });

  it('surfaces a change that kept its version and a deleted row as refusals, publishing neither', () => {
    const published = new Map([['fwp.permit:7', permitRecordOf(document(2))]]);
    const { changes, refusals } = prepareChanges([item(document(2, 'G99999999')), item(null)], published);
    expect(changes).toEqual([]);
    expect(refusals.map((r) => [r.code, r.recordId, r.issues[0]?.path])).toEqual([
      ['BUREAU_CHANGE_WITHOUT_VERSION', 'fwp.permit:7', 'recordversion'],
      ['BUREAU_RECORD_DELETED', 'fwp.permit:7', 'recordid'],
    ]);
    expect(refusals[0]?.messageZh).toContain('版本号');
  });
});
