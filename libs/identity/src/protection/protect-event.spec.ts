import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, exampleEvent, HubError } from '@hub/contracts';
import { FieldCipher } from './field-cipher.js';
import { decryptEventData, encryptEventData, eventFieldContext, maskEventData, reencryptEventData } from './protect-event.js';
import { decryptFields, encryptFields, maskFields } from './protect-fields.js';
import { rewriteFields } from './raw-identifier-fields.js';

const K1 = `k1:aes-256-gcm:${randomBytes(32).toString('base64')}`;
const K2 = `k2:sm4-gcm:${randomBytes(16).toString('base64')}`;
const cipher = FieldCipher.fromConfig(`${K1},${K2}`, 'k2');
const TOKEN = /^enc:v1:k2:sm4-gcm:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/;

interface Envelope {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

const envelope = (): Envelope => ({
  id: '0b6c7a54-7d0b-4d8e-9b43-3b3f2c1e5a10',
  type: 'residence-permit.family-member-linked',
  data: {
    permitNo: 'R310000123',
    holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' },
    principal: {
      person: { passportNo: 'G98765432', nationality: 'DEU', birthDate: '1985-01-30', name: 'Jonas Weber' },
      residencePermitNo: 'R310000001',
      relationship: 'spouse',
    },
    previousPassportNo: 'E00000001',
  },
});

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return (error as HubError).code;
  }
  throw new Error('expected a failure');
}

/**
 * Every place in `value` that holds a personal identifier, found by shape rather than by the field
 * list: the identifying fields of any Person-shaped object, any passport number, the taxpayer id and
 * the permanent resident ID card number.
 */
function identifierPaths(value: unknown, type: string, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => identifierPaths(item, type, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const isPerson = typeof record.passportNo === 'string' && typeof record.birthDate === 'string';
  return Object.entries(record).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    const personal =
      (isPerson && ['passportNo', 'birthDate', 'name'].includes(key)) ||
      /passportNo$/i.test(key) ||
      key === 'taxpayerId' ||
      (key === 'cardNo' && type.startsWith('permanent-residence.'));
    return typeof child === 'string' && personal ? [childPath] : identifierPaths(child, type, childPath);
  });
}

function valueAt(value: unknown, path: string): unknown {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((key) => key !== undefined && key !== '')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

describe('encryptEventData and decryptEventData', () => {
  it('encrypts exactly the raw identifiers, each bound to the event id and its path, and decrypts them back', () => {
    const original = envelope();
    const stored = encryptEventData(cipher, original);
    const data = stored.data as Envelope['data'] & { holder: Record<string, string>; principal: { person: Record<string, string> } };
    for (const field of ['passportNo', 'birthDate', 'name']) {
      expect(data.holder[field]).toMatch(TOKEN);
      expect(data.principal.person[field]).toMatch(TOKEN);
    }
    expect(data.previousPassportNo).toMatch(TOKEN);
    expect(cipher.decrypt(data.holder.passportNo ?? '', eventFieldContext(original.id, 'holder.passportNo'))).toBe('E12345678');
    expect([data.holder.nationality, data.principal.person.nationality, data.permitNo]).toEqual(['FRA', 'DEU', 'R310000123']);
    expect(stored.id).toBe(original.id);
    expect(original).toEqual(envelope());
    expect(decryptEventData(cipher, stored)).toEqual(original);
  });

  it('leaves out of the clear every identifier in every example of the contract catalogue', () => {
    const inClear: string[] = [];
    for (const contract of EVENT_CATALOGUE) {
      const example = exampleEvent(contract) as unknown as Envelope;
      const paths = identifierPaths(example.data, example.type);
      // A contract that names the person has identifiers to protect; one about a subject id (linkage.*) has none.
      expect({ type: contract.type, identifiers: paths.length > 0 }).toEqual({
        type: contract.type,
        identifiers: contract.identify !== undefined,
      });
      const stored = encryptEventData(cipher, example);
      const clear = paths.filter((path) => !TOKEN.test(String(valueAt(stored.data, path))));
      inClear.push(...clear.map((path) => `${contract.type} v${contract.version}: ${path}`));
      expect(decryptEventData(cipher, stored)).toEqual(example);
    }
    expect(inClear).toEqual([]);
  });

  it('refuses a value moved to another event or to another field of the same event', () => {
    const stored = encryptEventData(cipher, envelope());
    const holder = stored.data.holder as Record<string, string>;
    const movedToOtherEvent = { ...stored, id: '7f1d4a11-2b3c-4d5e-8f90-a1b2c3d4e5f6' };
    expect(codeOf(() => decryptEventData(cipher, movedToOtherEvent))).toBe('FIELD_AUTHENTICATION_FAILED');
    const swapped = { ...stored, data: { ...stored.data, holder: { ...holder, name: holder.passportNo } } };
    expect(codeOf(() => decryptEventData(cipher, swapped))).toBe('FIELD_AUTHENTICATION_FAILED');
  });

  it('names the field that failed, never its value', () => {
    const stored = encryptEventData(cipher, envelope());
    let error: HubError | undefined;
    try {
      decryptEventData(cipher, { ...stored, id: '7f1d4a11-2b3c-4d5e-8f90-a1b2c3d4e5f6' });
    } catch (caught) {
      error = caught as HubError;
    }
    expect(error?.message).toMatch(/^Field holder\.passportNo: The value under key k2 did not authenticate/);
    expect(error?.context).toMatchObject({ path: 'holder.passportNo', keyId: 'k2' });
  });

  it('refuses plain text where a token belongs, unless told to pass it through', () => {
    expect(codeOf(() => decryptEventData(cipher, envelope()))).toBe('FIELD_NOT_ENCRYPTED');
    expect(decryptEventData(cipher, envelope(), { allowPlaintext: true })).toEqual(envelope());
  });

  it('refuses an identifier that is not text, and an event without an id', () => {
    const odd = envelope();
    odd.data.holder = { passportNo: 12345678 };
    expect(codeOf(() => encryptEventData(cipher, odd))).toBe('FIELD_VALUE_INVALID');
    expect(codeOf(() => encryptEventData(cipher, { ...envelope(), id: '' }))).toBe('FIELD_CONTEXT_MISSING');
  });

  it('re-encrypts the tokens of a stored event under the active key, and encrypts plain text only when asked', () => {
    const before = FieldCipher.fromConfig(K1, 'k1');
    const stored = encryptEventData(before, envelope());
    const { envelope: rotated, changed } = reencryptEventData(cipher, stored);
    expect(changed).toBe(7);
    expect((rotated.data.holder as Record<string, string>).name).toMatch(TOKEN);
    expect(decryptEventData(cipher, rotated)).toEqual(envelope());
    expect(reencryptEventData(cipher, rotated)).toEqual({ envelope: rotated, changed: 0 });
    expect(codeOf(() => reencryptEventData(cipher, envelope()))).toBe('FIELD_NOT_ENCRYPTED');
    const legacy = reencryptEventData(cipher, envelope(), { encryptPlaintext: true });
    expect(legacy.changed).toBe(7);
    expect(decryptEventData(cipher, legacy.envelope)).toEqual(envelope());
  });
  it('encrypts a card number in permanent-residence events only, where it embeds the birth date', () => {
    const card = (type: string): unknown => {
      const stored = encryptEventData(cipher, {
        ...envelope(),
        type,
        data: { cardNo: '931250198804120017', holder: envelope().data.holder },
      });
      return stored.data.cardNo;
    };
    expect(card('permanent-residence.approved')).toMatch(TOKEN);
    expect(card('talent-card.issued')).toBe('931250198804120017');
    expect(maskEventData({ data: { cardNo: '931250198804120017' } }).data.cardNo).toBe('93****017');
  });
});

describe('maskEventData', () => {
  it('masks plain and encrypted identifiers by kind, for logs', () => {
    const masked = maskEventData(envelope());
    expect(masked.data.holder).toEqual({ passportNo: 'E1****678', nationality: 'FRA', birthDate: '1988-**-**', name: 'É** M**' });
    expect((masked.data.principal as { person: unknown }).person).toEqual({
      passportNo: 'G9****432',
      nationality: 'DEU',
      birthDate: '1985-**-**',
      name: 'J** W**',
    });
    expect(masked.data.previousPassportNo).toBe('E0****001');
    expect((maskEventData(encryptEventData(cipher, envelope())).data.holder as Record<string, string>).passportNo).toBe('[encrypted]');
  });
});

describe('field paths', () => {
  const fields = [
    { path: 'members.*.passportNo', kind: 'passportNo' as const },
    { path: 'members.*.passportNo', kind: 'passportNo' as const },
    { path: 'notes', kind: 'reference' as const },
  ];
  const data = {
    members: [{ spouse: { passportNo: 'E11111111' }, child: { passportNo: 'E22222222' } }, { spouse: { passportNo: 'E33333333', age: 4 } }],
    notes: ['A1234567', null, 'B7654321'],
    other: { passportNo: 'E99999999' },
  };

  it('walk arrays and * keys, rewrite a place once even when two fields match it, and leave the input alone', () => {
    const seen: string[] = [];
    rewriteFields(data, fields, (value, { path }) => seen.push(path));
    expect(seen).toEqual([
      'members[0].spouse.passportNo',
      'members[0].child.passportNo',
      'members[1].spouse.passportNo',
      'notes[0]',
      'notes[2]',
    ]);
    const masked = maskFields(data, { fields });
    expect(masked.members[1]?.spouse).toEqual({ passportNo: 'E3****333', age: 4 });
    expect(masked.notes).toEqual(['A1****567', null, 'B7****321']);
    expect(masked.other).toBe(data.other);
    expect(data.members[0]?.spouse.passportNo).toBe('E11111111');
  });

  it('bind array elements to their index, so two elements cannot be swapped', () => {
    const context = (path: string): string => `row-1:${path}`;
    const encrypted = encryptFields(cipher, data, context, { fields });
    expect(decryptFields(cipher, encrypted, context, { fields })).toEqual(data);
    const swapped = { ...encrypted, notes: [encrypted.notes[2], null, encrypted.notes[0]] };
    expect(codeOf(() => decryptFields(cipher, swapped, context, { fields }))).toBe('FIELD_AUTHENTICATION_FAILED');
  });

  it('refuse a path that is not keys and * separated by dots', () => {
    expect(() => rewriteFields(data, [{ path: 'members..passportNo', kind: 'passportNo' }], (value) => value)).toThrow(
      'not a dot-separated list',
    );
  });
});
