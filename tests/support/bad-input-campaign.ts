import { EVENT_CATALOGUE, exampleEvent, validateEvent } from '@hub/contracts';
import { eventMutations, signedByItsAgency, type Json } from '@hub/testing';

/** One request of the campaign: what it attacks, the body's bytes, its headers, and whose API key it carries. */
export interface Attack {
  readonly kind: string;
  readonly description: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly agency: string;
  /** Where it is sent: /v1/events, or another route that reads JSON (`:id` filled in). */
  readonly path: string;
}

/** The other routes that read a JSON body; body-level attacks are sent to them too. */
export const OTHER_JSON_ROUTES = [
  '/v1/subscriptions',
  '/v1/deliveries/6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11/ack',
  '/v1/subscriptions/6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11/receipts',
  '/v1/subscriptions/6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11/replays',
  '/v1/admin/agencies',
  '/v1/admin/subscriptions/6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11/replays',
];

/** A seeded pseudo-random generator (mulberry32): the same seed makes the same campaign. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Event = Record<string, unknown> & { data: Record<string, unknown>; agency: string };
const JSON_TYPE: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

/**
 * The bad-input campaign: every contract's example mutated leaf by leaf and signed after the
 * mutation (refused by the contract), the same mutations made after signing (refused by the
 * signature when the contract does not already), and body-level attacks (encodings, nesting,
 * sizes, member names, duplicate names, content types, numbers as strings, prototype keys).
 * Deterministic for a seed; the mutations are sampled to `perKind` each.
 */
export function badInputCampaign(seed: number, perKind: { resigned: number; afterSigning: number; body: number }): Attack[] {
  const random = seededRandom(seed);
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const bases = EVENT_CATALOGUE.map((contract) => {
    const event = exampleEvent(contract) as Event;
    const holder = event.data['holder'] as Record<string, unknown> | undefined;
    const data = holder
      ? { ...event.data, holder: { ...holder, passportNo: `C${String(Math.floor(random() * 1e9)).padStart(9, '0')}` } }
      : event.data;
    return { ...event, id: uuid(), data };
  });
  const resigned: Attack[] = [];
  const afterSigning: Attack[] = [];
  for (const base of bases) {
    const original = JSON.stringify(base);
    const signed = signedByItsAgency(base);
    const signedText = JSON.stringify(signed);
    for (const mutation of eventMutations(base as unknown as Json)) {
      const text = JSON.stringify(mutation.event);
      if (text === original || contractAccepts(mutation.event)) continue;
      const body = JSON.stringify(signQuietly(mutation.event));
      resigned.push(attack('re-signed mutation', mutation.description, body, base.agency));
    }
    for (const mutation of eventMutations(signed as unknown as Json)) {
      const text = JSON.stringify(mutation.event);
      if (text === signedText) continue;
      afterSigning.push(attack('mutation after signing', mutation.description, text, base.agency));
    }
  }
  const signedBases = bases.map((base) => ({ agency: base.agency, text: JSON.stringify(signedByItsAgency(base)) }));
  const bodies = Array.from({ length: perKind.body }, () => {
    const body = bodyAttack(random, signedBases[Math.floor(random() * signedBases.length)]!);
    // One in five goes to another route that reads JSON.
    return random() < 0.2 ? { ...body, path: OTHER_JSON_ROUTES[Math.floor(random() * OTHER_JSON_ROUTES.length)]! } : body;
  });
  return [...sample(resigned, perKind.resigned, random), ...sample(afterSigning, perKind.afterSigning, random), ...bodies];
}

function contractAccepts(event: unknown): boolean {
  try {
    validateEvent(event);
    return true;
  } catch {
    return false;
  }
}

function signQuietly(event: Json): Json {
  try {
    return typeof event === 'object' && event !== null && !Array.isArray(event) ? signedByItsAgency(event) : event;
  } catch {
    return event;
  }
}

function attack(kind: string, description: string, body: string | Buffer, agency: string, headers = JSON_TYPE): Attack {
  return { kind, description, body: typeof body === 'string' ? Buffer.from(body) : body, headers, agency, path: '/v1/events' };
}

function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

const FORBIDDEN = ['__proto__', 'constructor', 'prototype', '\\u005f_proto__'];
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
];

/** One body-level attack on a signed event's text. */
function bodyAttack(random: () => number, base: { agency: string; text: string }): Attack {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const { agency, text } = base;
  const at = (what: string, body: string | Buffer, headers = JSON_TYPE): Attack => attack('body', what, body, agency, headers);
  const members = [...text.matchAll(/"([A-Za-z]+)":/g)].map((match) => match.index);
  const memberAt = (): number => pick(members);
  switch (Math.floor(random() * 12)) {
    case 0: {
      const bytes = Buffer.from(text);
      const position = Math.floor(random() * bytes.length);
      bytes[position] = pick([0xff, 0xfe, 0xc0, 0x80, 0xed]);
      return at('invalid UTF-8 byte', bytes);
    }
    case 1:
      return pick([
        at('UTF-16LE', Buffer.from(text, 'utf16le')),
        at('UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
        at('UTF-16BE with BOM', Buffer.from(`\ufeff${text}`, 'utf16le').swap16()),
        at('UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
        at('Latin-1', Buffer.from(text.replace('"id":"', '"id":"é'), 'latin1')),
      ]);
    case 2: {
      const depth = 33 + Math.floor(random() * 3000);
      const open = pick(['[', '{"a":']);
      const close = open === '[' ? ']' : '}';
      return at(`nested ${depth} deep`, text.replace('"data":{', `"data":{"deep":${open.repeat(depth)}1${close.repeat(depth)},`));
    }
    case 3: {
      const name = pick(FORBIDDEN);
      const index = memberAt();
      return at(`member name ${name}`, `${text.slice(0, index)}"${name}":${pick(['null', '1', '"x"', '{}', '[]'])},${text.slice(index)}`);
    }
    case 4: {
      const index = memberAt();
      const name = /^"([A-Za-z]+)"/.exec(text.slice(index))?.[1] ?? 'id';
      return at(`duplicate member ${name}`, `${text.slice(0, index)}"${name}":"NOT-THE-SIGNED-VALUE",${text.slice(index)}`);
    }
    case 5:
      return pick([
        at('content type', text, { 'content-type': pick(CONTENT_TYPES) }),
        at('no content type', text, {}),
        at('gzip content encoding', text, { ...JSON_TYPE, 'content-encoding': 'gzip' }),
      ]);
    case 6:
      return pick([
        at('contractversion as a string', text.replace(/"contractversion":(\d+)/, '"contractversion":"$1"')),
        at('contractversion 1.0e0 beyond', text.replace(/"contractversion":(\d+)/, '"contractversion":1e400')),
        at('contractversion negative zero', text.replace(/"contractversion":(\d+)/, '"contractversion":-0')),
        at('contractversion NaN', text.replace(/"contractversion":(\d+)/, '"contractversion":NaN')),
        at('contractversion hex', text.replace(/"contractversion":(\d+)/, '"contractversion":0x1')),
      ]);
    case 7:
      return pick([
        at('a JSON array', `[${text}]`),
        at('a JSON number', '1'),
        at('JSON null', 'null'),
        at('a JSON string', JSON.stringify(text)),
        at('truncated', text.slice(0, Math.floor(random() * text.length))),
        at('trailing garbage', `${text}x`),
        at('two documents', `${text}${text}`),
      ]);
    case 8: {
      const size = pick([300_000, 600_000, 2_000_000]);
      return at(`body of ${size} bytes`, text.replace('"data":{', `"data":{"filler":"${'x'.repeat(size)}",`));
    }
    case 9: {
      const control = String.fromCharCode(pick([0, 1, 7, 8, 9, 10, 13, 27, 31, 127, 0x85, 0x9f]));
      const escaped = JSON.stringify(control).slice(1, -1);
      const field = pick([
        'id',
        'source',
        'type',
        'time',
        'region',
        'agency',
        'dataschema',
        'correlationid',
        'signature',
        'name',
        'permitNo',
      ]);
      const replaced = text.replace(new RegExp(`"${field}":"`), `"${field}":"${escaped}`);
      return at(
        `control U+${control.charCodeAt(0).toString(16)} in ${field}`,
        replaced === text ? text.replace('"id":"', `"id":"${escaped}`) : replaced,
      );
    }
    case 10:
      return pick([
        at('lone surrogate', text.replace('"id":"', '"id":"\\ud800')),
        at('empty member name', text.replace('"data":{', '"data":{"":1,')),
        at('NUL member name', text.replace('"data":{', '"data":{"\\u0000":1,')),
        at('long member name', text.replace('"data":{', `"data":{"${'n'.repeat(10_000)}":1,`)),
        at('many members', text.replace('"data":{', `"data":{${Array.from({ length: 5000 }, (_, i) => `"m${i}":0`).join(',')},`)),
      ]);
    default:
      return pick([
        at('batch of an object', '{"events":{}}'),
        at('batch of nothing', '{"events":[]}'),
        at('batch with a bad event', `{"events":[${text},${text.replace('"specversion":"1.0"', '"specversion":"0.3"')}]}`),
        at('batch of numbers', '{"events":[1,2,3]}'),
        at('batch with __proto__', `{"events":[${text}],"__proto__":{"polluted":true}}`),
        at('batch too large', `{"events":[${Array.from({ length: 60 }, () => text).join(',')}]}`),
      ]);
  }
}
