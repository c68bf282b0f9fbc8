import type { AgencyKind } from '@hub/contracts';
import { generateSigningKeyPair, signEvent, type SigningKeyPair } from '@hub/identity';

/** An agency the tests onboard in every hub they start. */
export interface TestAgency {
  readonly id: string;
  readonly kind: AgencyKind;
  readonly region: string | null;
  readonly nameZh: string;
  readonly nameEn: string;
}

export const TEST_AGENCIES: readonly TestAgency[] = [
  { id: 'bureau-310000', kind: 'bureau', region: '310000', nameZh: '上海市外国专家局', nameEn: 'Shanghai Foreign Experts Bureau' },
  { id: 'bureau-110000', kind: 'bureau', region: '110000', nameZh: '北京市外国专家局', nameEn: 'Beijing Foreign Experts Bureau' },
  { id: 'bureau-320000', kind: 'bureau', region: '320000', nameZh: '江苏省外国专家局', nameEn: 'Jiangsu Foreign Experts Bureau' },
  { id: 'psb-310000', kind: 'psb', region: '310000', nameZh: '上海市公安局出入境管理局', nameEn: 'Shanghai Exit-Entry Administration' },
  { id: 'mfa', kind: 'mfa', region: null, nameZh: '外交部领事司', nameEn: 'MFA Department of Consular Affairs' },
  { id: 'moe', kind: 'moe', region: null, nameZh: '教育部', nameEn: 'Ministry of Education' },
  { id: 'tax', kind: 'tax', region: null, nameZh: '国家税务总局', nameEn: 'State Taxation Administration' },
  { id: 'credit', kind: 'credit', region: null, nameZh: '信用监管部门', nameEn: 'Credit supervision' },
  { id: 'linkage', kind: 'linkage', region: null, nameZh: '工作许可、签证、居留衔接服务', nameEn: 'Linkage service' },
];

const keys = new Map<string, SigningKeyPair>();

/** The test signing key of an agency (Ed25519, made once per process) and the id it is registered under. */
export function testSigningKey(agencyId: string): SigningKeyPair & { readonly keyId: string } {
  let pair = keys.get(agencyId);
  if (!pair) {
    pair = generateSigningKeyPair('ed25519');
    keys.set(agencyId, pair);
  }
  return { ...pair, keyId: `${agencyId}-test-k1` };
}

/** The event signed with its own agency's test key (an agency the tests do not know is left unsigned). */
export function signedByItsAgency<T extends object>(event: T): T {
  const agency = (event as { agency?: unknown }).agency;
  if (typeof agency !== 'string' || !TEST_AGENCIES.some((known) => known.id === agency)) return event;
  const { keyId, privateKey } = testSigningKey(agency);
  return signEvent(event, { alg: 'ed25519', keyId, privateKey });
}
