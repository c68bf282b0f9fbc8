import type { CanonicalEventOf, EventPayloads, EventType } from '@hub/contracts';

/** Builders of canonical events for the linkage specs: deterministic ids, Shanghai by default. */

export const ALICE = 'sub_' + 'a'.repeat(32);
export const BOB = 'sub_' + 'b'.repeat(32);
export const CHILD = 'sub_' + 'c'.repeat(32);

export const holder = { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'DUPONT, MARIE' };
export const employer = { creditCode: '91310000MA1FL0000X', name: '上海示例科技有限公司' };
export const otherEmployer = { creditCode: '91310115MA1K3Y7P2Q', name: '上海示例新材料有限公司' };

interface EventOptions {
  readonly id: string;
  readonly subject?: string;
  readonly time?: string;
  readonly region?: string;
  readonly version?: number;
}

/** A canonical event of one type; the id is given as a short tag and padded into a UUID. */
export function event<K extends EventType>(type: K, data: EventPayloads[K], options: EventOptions): CanonicalEventOf<K> {
  const agency = type.startsWith('linkage')
    ? 'linkage'
    : type.startsWith('residence') || type.startsWith('permanent')
      ? 'psb-310000'
      : 'bureau-310000';
  return {
    specversion: '1.0',
    id: uuidOf(options.id),
    type,
    source: `urn:hub:agency:${agency}`,
    subject: options.subject ?? ALICE,
    time: options.time ?? '2026-03-02T09:30:00+08:00',
    agency,
    region: options.region ?? '310115',
    contractversion: options.version ?? 1,
    data,
  };
}

/** A UUID-shaped id that spells its tag (up to 16 characters) in hex, so failures name the event. */
export function uuidOf(tag: string): string {
  if (tag.length > 16) throw new Error(`Event tag "${tag}" is longer than 16 characters; shorten it so ids stay distinct`);
  const hex = Buffer.from(tag).toString('hex').padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Deterministic shuffles for order-insensitivity checks (a small LCG, so a failure repeats). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
