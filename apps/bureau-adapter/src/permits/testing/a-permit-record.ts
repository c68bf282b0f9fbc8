import type { PermitRecord } from '../permit-record.js';

/** A valid issued permit of a fictional holder in Shanghai's Pudong district, with `changes` applied. */
export function aPermitRecord(changes: Partial<PermitRecord> = {}): PermitRecord {
  return {
    recordId: 'WP-310000-000001',
    version: 1,
    permitNo: '310000202600001234',
    permitClass: 'B',
    points: 72,
    holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' },
    employer: { creditCode: '91310000MA1FL4XXXX', name: '上海示例科技有限公司' },
    occupation: { title: 'Senior process engineer', code: '2-02-07-01' },
    workRegion: '310115',
    issuedOn: '2026-03-01',
    validFrom: '2026-03-01',
    validUntil: '2028-02-29',
    status: 'issued',
    ...changes,
  };
}
