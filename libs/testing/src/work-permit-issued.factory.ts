import { randomInt, randomUUID } from 'node:crypto';

/** A valid `work-permit.issued` v1 event as a bureau would send it; override any part. */
export function aWorkPermitIssuedEvent(
  overrides: { region?: string; permitNo?: string; id?: string; correlationid?: string; data?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const region = overrides.region ?? '310000';
  const permitNo = overrides.permitNo ?? aPermitNo();
  return {
    specversion: '1.0',
    id: overrides.id ?? randomUUID(),
    type: 'work-permit.issued',
    source: `urn:hub:agency:bureau-${region}`,
    agency: `bureau-${region}`,
    region,
    time: new Date().toISOString(),
    contractversion: 1,
    ...(overrides.correlationid ? { correlationid: overrides.correlationid } : {}),
    data: {
      permitNo,
      permitClass: 'B',
      points: 72,
      holder: { passportNo: `E${randomInt(10_000_000, 99_999_999)}`, nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' },
      employer: { creditCode: '91310000MA1FL8XQ3C', name: '上海示例科技有限公司' },
      position: 'Senior software engineer',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      ...overrides.data,
    },
  };
}

/** A random 18-digit permit number. */
export function aPermitNo(): string {
  return `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
}

/** A valid `work-permit.issued` v2 event (occupation, workplace region, validity object). */
export function aWorkPermitIssuedV2Event(overrides: { region?: string; permitNo?: string; id?: string } = {}): Record<string, unknown> {
  const v1 = aWorkPermitIssuedEvent(overrides);
  const data = v1['data'] as Record<string, unknown>;
  return {
    ...v1,
    contractversion: 2,
    data: {
      permitNo: data['permitNo'],
      permitClass: data['permitClass'],
      points: data['points'],
      holder: data['holder'],
      employer: data['employer'],
      occupation: { title: 'Principal data engineer', code: '2-02-10-03' },
      workRegion: '310115',
      validity: { from: '2026-01-01', to: '2027-12-31' },
    },
  };
}
