import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, exampleEvent, HubError } from '@hub/contracts';
import { exportRawPublicKey, generateSigningKeyPair, parsePrivateKey, parsePublicKey, type SigningKeyPair } from './keys.js';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './signature-format.js';
import { EventSignatureError, type SignatureErrorCode } from './signature.errors.js';
import { signEvent } from './sign-event.js';
import { signingInput } from './signing-input.js';
import { verifyEventSignature, type RegisteredSigningKey, type SigningKeyLookup } from './verify-event.js';

const AGENCY = 'bureau-310000';

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: '7d1f5a1e-3c2b-4f7a-9a51-0c6a7e2b9d10',
    type: 'work-permit.issued',
    source: `urn:hub:agency:${AGENCY}`,
    time: '2026-03-02T09:30:00+08:00',
    datacontenttype: 'application/json',
    agency: AGENCY,
    region: '310115',
    contractversion: 1,
    correlationid: 'wp-2026-000123',
    data: {
      permitNo: 'WP310000202600123',
      holder: { name: '李明 / LI MING', nationality: 'CAN', born: '1990-04-01' },
      validity: { from: '2026-03-02', to: '2028-03-01' },
      classes: ['A', 'B'],
      fee: 0.5,
    },
    ...overrides,
  };
}

/** A key registry: key id → registered key, with the key pairs kept for signing. */
class Registry {
  readonly keys = new Map<string, RegisteredSigningKey>();
  readonly pairs = new Map<string, SigningKeyPair>();

  add(keyId: string, alg: SignatureAlgorithm, agencyId = AGENCY, status: RegisteredSigningKey['status'] = 'active'): SigningKeyPair {
    const pair = generateSigningKeyPair(alg);
    this.keys.set(keyId, { alg, publicKey: pair.publicKeyPem, agencyId, status });
    this.pairs.set(keyId, pair);
    return pair;
  }

  setStatus(keyId: string, status: RegisteredSigningKey['status']): void {
    const key = this.keys.get(keyId);
    if (key) this.keys.set(keyId, { ...key, status });
  }

  sign(target: object, keyId: string): Record<string, unknown> & { signature: string } {
    const key = this.keys.get(keyId);
    const pair = this.pairs.get(keyId);
    if (!key || !pair) throw new Error(`no key ${keyId}`);
    return signEvent(target as Record<string, unknown>, { alg: key.alg, keyId, privateKey: pair.privateKey });
  }

  readonly lookup: SigningKeyLookup = (keyId) => this.keys.get(keyId);
}

async function failure(promise: Promise<unknown>): Promise<EventSignatureError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EventSignatureError) return error;
    throw error;
  }
  throw new Error('verification passed but should have failed');
}

async function expectCode(promise: Promise<unknown>, code: SignatureErrorCode): Promise<EventSignatureError> {
  const error = await failure(promise);
  expect(error.code).toBe(code);
  expect(error).toBeInstanceOf(HubError);
  expect(error.retriable).toBe(false);
  return error;
}

/** The event as the hub receives it: JSON text parsed again. */
function overTheWire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe.each(SIGNATURE_ALGORITHMS)('signed events with %s', (alg) => {
  it('verifies as sent over the wire and says which key of which agency signed it', async () => {
    const registry = new Registry();
    registry.add('bureau-310000-k1', alg);
    const signed = registry.sign(event(), 'bureau-310000-k1');
    expect(signed.signature).toMatch(new RegExp(`^${alg}:bureau-310000-k1:[A-Za-z0-9_-]{86}$`));
    await expect(verifyEventSignature(overTheWire(signed), registry.lookup)).resolves.toEqual({
      alg,
      keyId: 'bureau-310000-k1',
      agencyId: AGENCY,
      keyStatus: 'active',
    });
  });

  it('does not change the event it signs, and replaces a signature already there', async () => {
    const registry = new Registry();
    registry.add('k1', alg);
    registry.add('k2', alg);
    const original = event();
    const once = registry.sign(original, 'k1');
    expect(original).not.toHaveProperty('signature');
    const twice = registry.sign(once, 'k2');
    expect(twice.signature.startsWith(`${alg}:k2:`)).toBe(true);
    await expect(verifyEventSignature(twice, registry.lookup)).resolves.toMatchObject({ keyId: 'k2' });
  });

  it('takes the private key as PKCS#8 PEM and the public key as raw base64url or a KeyObject', async () => {
    const pair = generateSigningKeyPair(alg);
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signed = signEvent(event(), { alg, keyId: 'pem-key', privateKey: pem });
    for (const publicKey of [
      pair.publicKeyPem,
      exportRawPublicKey(pair.publicKey),
      pair.publicKey,
      parsePublicKey(alg, pair.publicKeyPem),
    ]) {
      const lookup: SigningKeyLookup = () => ({ alg, publicKey, agencyId: AGENCY, status: 'active' });
      await expect(verifyEventSignature(signed, lookup)).resolves.toMatchObject({ keyId: 'pem-key' });
    }
  });

  it('accepts a lookup that answers asynchronously, and passes on its own failure unchanged', async () => {
    const registry = new Registry();
    registry.add('k1', alg);
    const signed = registry.sign(event(), 'k1');
    await expect(verifyEventSignature(signed, (keyId) => Promise.resolve(registry.keys.get(keyId)))).resolves.toMatchObject({
      keyId: 'k1',
    });
    const outage = new Error('registry unreachable');
    await expect(verifyEventSignature(signed, () => Promise.reject(outage))).rejects.toBe(outage);
  });

  it('lets the hub add, change or drop subject without breaking the signature', async () => {
    const registry = new Registry();
    registry.add('k1', alg);
    const signedWithout = registry.sign(event(), 'k1');
    const signedWith = registry.sign(event({ subject: `sub_${'a'.repeat(32)}` }), 'k1');
    await expect(verifyEventSignature({ ...signedWithout, subject: `sub_${'b'.repeat(32)}` }, registry.lookup)).resolves.toBeDefined();
    await expect(verifyEventSignature({ ...signedWith, subject: `sub_${'c'.repeat(32)}` }, registry.lookup)).resolves.toBeDefined();
    const withoutSubject: Record<string, unknown> = { ...signedWith };
    delete withoutSubject.subject;
    await expect(verifyEventSignature(withoutSubject, registry.lookup)).resolves.toBeDefined();
  });

  it('breaks when any other member changes, is added or is removed, at any depth', async () => {
    const registry = new Registry();
    registry.add('k1', alg);
    const signed = registry.sign(event(), 'k1');
    const changes: Record<string, unknown>[] = [
      { specversion: '1.1' },
      { id: '7d1f5a1e-3c2b-4f7a-9a51-0c6a7e2b9d11' },
      { type: 'work-permit.cancelled' },
      { source: 'urn:hub:agency:bureau-320000' },
      { time: '2026-03-02T09:30:01+08:00' },
      { datacontenttype: undefined },
      { region: '310116' },
      { contractversion: 2 },
      { correlationid: 'wp-2026-000124' },
      { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      { dataschema: 'urn:hub:schema:work-permit.issued:1' },
      { recordid: 'permit-row-88' },
      { recordversion: 4 },
      { data: { ...(signed.data as object), permitNo: 'WP310000202600124' } },
      { data: { ...(signed.data as object), holder: { name: '李明 / LI MING', nationality: 'USA', born: '1990-04-01' } } },
      { data: { ...(signed.data as object), classes: ['B', 'A'] } },
      { data: { ...(signed.data as object), fee: 0.50000001 } },
      { data: { ...(signed.data as object), extra: null } },
    ];
    for (const change of changes) {
      const error = await expectCode(verifyEventSignature({ ...signed, ...change }, registry.lookup), 'SIGNATURE_INVALID');
      expect(error.message).toContain('does not verify');
    }
  });

  it('still verifies after the JSON is re-ordered, re-indented and its numbers re-spelled', async () => {
    const registry = new Registry();
    registry.add('k1', alg);
    const signed = registry.sign(event(), 'k1');
    const reordered = Object.fromEntries(Object.entries(overTheWire(signed)).reverse());
    const text = JSON.stringify(reordered, null, 4)
      .replace('"fee": 0.5', '"fee": 5.00E-1')
      .replace('"contractversion": 1', '"contractversion": 1.0');
    expect(text).toContain('5.00E-1');
    await expect(verifyEventSignature(JSON.parse(text) as object, registry.lookup)).resolves.toBeDefined();
  });
});

describe('verifyEventSignature failures', () => {
  const registry = new Registry();
  registry.add('ed-1', 'ed25519');
  registry.add('sm-1', 'sm2-sm3');
  registry.add('other-agency-key', 'ed25519', 'psb-310000');
  const signed = registry.sign(event(), 'ed-1');
  const encoded = signed.signature.split(':')[2] ?? '';

  it.each([undefined, null, ''])('SIGNATURE_MISSING when signature is %j', async (signature) => {
    const error = await expectCode(verifyEventSignature({ ...event(), signature }, registry.lookup), 'SIGNATURE_MISSING');
    expect(error.message).toContain('has no signature');
    expect(error.message).toContain('<alg>:<keyId>:<signature>');
  });

  it('SIGNATURE_MISSING when the member is absent altogether', async () => {
    await expectCode(verifyEventSignature(event(), registry.lookup), 'SIGNATURE_MISSING');
  });

  it.each([
    ['not a string', 42, 'not a string'],
    ['two parts', `ed25519:${encoded}`, 'instead of 3'],
    ['four parts', `ed25519:ed-1:${encoded}:x`, 'instead of 3'],
    ['an unknown algorithm', `rsa-sha256:ed-1:${encoded}`, 'is not one of ed25519, sm2-sm3'],
    ['an upper-case algorithm', `ED25519:ed-1:${encoded}`, 'is not one of'],
    ['a key id with upper case', `ed25519:Ed-1:${encoded}`, 'key id'],
    ['a key id of 65 characters', `ed25519:${'k'.repeat(65)}:${encoded}`, 'key id'],
    ['an empty key id', `ed25519::${encoded}`, 'key id'],
    ['padded base64', `ed25519:ed-1:${encoded}==`, 'base64url'],
    ['standard base64 characters', `ed25519:ed-1:${encoded.slice(0, -2)}+/`, 'base64url'],
    ['non-canonical trailing bits', `ed25519:ed-1:${encoded.slice(0, -1)}${encoded.endsWith('B') ? 'C' : 'B'}`, 'canonical'],
    ['a short signature', `ed25519:ed-1:${encoded.slice(0, 44)}`, 'decodes to 33'],
    ['a long signature', `sm2-sm3:sm-1:${encoded}${encoded}`, 'decodes to'],
    ['more than 4096 characters', `ed25519:ed-1:${'A'.repeat(4100)}`, 'more than 4096'],
  ])('SIGNATURE_MALFORMED for %s', async (_case, signature, says) => {
    const error = await expectCode(verifyEventSignature({ ...signed, signature }, registry.lookup), 'SIGNATURE_MALFORMED');
    expect(error.message).toContain(says);
    expect(error.message).toContain('Write it as <alg>:<keyId>:<signature>');
  });

  it('SIGNING_KEY_UNKNOWN when no key has the id', async () => {
    const error = await expectCode(
      verifyEventSignature({ ...signed, signature: signed.signature.replace(':ed-1:', ':ed-9:') }, registry.lookup),
      'SIGNING_KEY_UNKNOWN',
    );
    expect(error.message).toContain('"ed-9"');
    expect(error.message).toContain('not registered');
    expect(error.context).toMatchObject({ keyId: 'ed-9', agency: AGENCY, eventId: event().id });
  });

  it("SIGNING_KEY_OTHER_AGENCY when the key is another agency's, even with a valid signature", async () => {
    const byOther = registry.sign(event(), 'other-agency-key');
    const error = await expectCode(verifyEventSignature(byOther, registry.lookup), 'SIGNING_KEY_OTHER_AGENCY');
    expect(error.message).toContain('belongs to another agency than bureau-310000');
    expect(error.message).not.toContain('psb-310000');
  });

  it('SIGNING_KEY_OTHER_AGENCY when the event is relabelled as another agency', async () => {
    await expectCode(verifyEventSignature({ ...signed, agency: 'psb-310000' }, registry.lookup), 'SIGNING_KEY_OTHER_AGENCY');
  });

  it('SIGNING_KEY_OTHER_AGENCY when the event names no agency', async () => {
    const anonymous: Record<string, unknown> = { ...signed };
    delete anonymous.agency;
    const error = await expectCode(verifyEventSignature(anonymous, registry.lookup), 'SIGNING_KEY_OTHER_AGENCY');
    expect(error.message).toContain('names no agency');
  });

  it('SIGNING_KEY_REVOKED for a revoked key, and for a status the hub does not know', async () => {
    const local = new Registry();
    local.add('k1', 'ed25519', AGENCY, 'revoked');
    const bySigned = local.sign(event(), 'k1');
    const error = await expectCode(verifyEventSignature(bySigned, local.lookup), 'SIGNING_KEY_REVOKED');
    expect(error.message).toContain('revoked');
    expect(error.message).toContain('active key');
    local.setStatus('k1', 'suspended' as RegisteredSigningKey['status']);
    await expectCode(verifyEventSignature(bySigned, local.lookup), 'SIGNING_KEY_REVOKED');
  });

  it('SIGNATURE_INVALID for a signature made with another key under the same id', async () => {
    const impostor = generateSigningKeyPair('ed25519');
    const forged = signEvent(event(), { alg: 'ed25519', keyId: 'ed-1', privateKey: impostor.privateKey });
    await expectCode(verifyEventSignature(forged, registry.lookup), 'SIGNATURE_INVALID');
  });

  it('SIGNATURE_INVALID for a signature taken from another event (over a different payload)', async () => {
    const other = registry.sign(event({ id: '0b6f9c1e-2f0a-4c55-8d3e-7a1b2c3d4e5f' }), 'ed-1');
    await expectCode(verifyEventSignature({ ...signed, signature: other.signature }, registry.lookup), 'SIGNATURE_INVALID');
  });

  it('SIGNATURE_INVALID when the signature names another algorithm than the key is registered for', async () => {
    const smSigned = registry.sign(event(), 'sm-1');
    const error = await expectCode(
      verifyEventSignature({ ...smSigned, signature: smSigned.signature.replace('sm2-sm3:', 'ed25519:') }, registry.lookup),
      'SIGNATURE_INVALID',
    );
    expect(error.message).toContain('registered as an sm2-sm3 key');
  });

  it('SIGNATURE_INVALID, naming the place, when the received event holds a value with no canonical form', async () => {
    const tampered = { ...signed, data: { ...(signed.data as object), note: 'x\ud800' } };
    const error = await expectCode(verifyEventSignature(tampered, registry.lookup), 'SIGNATURE_INVALID');
    expect(error.context.path).toBe('$.data.note');
    expect(error.message).toContain('lone UTF-16 surrogate');
  });

  it("SIGNING_KEY_UNUSABLE when the hub's registry entry is not a usable key of its algorithm", async () => {
    const ed = generateSigningKeyPair('ed25519');
    const broken: ReadonlyArray<RegisteredSigningKey['publicKey']> = [
      'not a key',
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
      'AAAA',
    ];
    for (const publicKey of broken) {
      const error = await expectCode(
        verifyEventSignature(signed, () => ({ alg: 'ed25519', publicKey, agencyId: AGENCY, status: 'active' })),
        'SIGNING_KEY_UNUSABLE',
      );
      expect(error.message).toContain("hub's key registry");
    }
    const smPem = generateSigningKeyPair('sm2-sm3').publicKeyPem;
    const wrongType = await expectCode(
      verifyEventSignature(signed, () => ({ alg: 'ed25519', publicKey: smPem, agencyId: AGENCY, status: 'active' })),
      'SIGNING_KEY_UNUSABLE',
    );
    expect(wrongType.message).toContain('is an sm2-sm3 key, not an ed25519 key');
    expect(exportRawPublicKey(ed.publicKey)).toHaveLength(43);
  });
});

describe('key rotation', () => {
  it('keeps verifying events signed with a retired key, with the new active key alongside, until the old key is revoked', async () => {
    const registry = new Registry();
    registry.add('bureau-310000-2025', 'sm2-sm3');
    const oldEvent = registry.sign(event({ id: '11111111-1111-4111-8111-111111111111' }), 'bureau-310000-2025');

    registry.setStatus('bureau-310000-2025', 'retired');
    registry.add('bureau-310000-2026', 'ed25519');
    const newEvent = registry.sign(event({ id: '22222222-2222-4222-8222-222222222222' }), 'bureau-310000-2026');

    await expect(verifyEventSignature(oldEvent, registry.lookup)).resolves.toEqual({
      alg: 'sm2-sm3',
      keyId: 'bureau-310000-2025',
      agencyId: AGENCY,
      keyStatus: 'retired',
    });
    await expect(verifyEventSignature(newEvent, registry.lookup)).resolves.toMatchObject({
      keyId: 'bureau-310000-2026',
      keyStatus: 'active',
    });

    registry.setStatus('bureau-310000-2025', 'revoked');
    await expectCode(verifyEventSignature(oldEvent, registry.lookup), 'SIGNING_KEY_REVOKED');
    await expect(verifyEventSignature(newEvent, registry.lookup)).resolves.toMatchObject({ keyStatus: 'active' });
  });
});

describe('signingInput', () => {
  const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

  it('is the UTF-8 JCS of the event without signature and subject', () => {
    const input = decode(signingInput({ b: 1, subject: 'sub_x', a: '€', signature: 'ed25519:k:AAAA', data: { z: [1, 2], y: null } }));
    expect(input).toBe('{"a":"€","b":1,"data":{"y":null,"z":[1,2]}}');
  });

  it('does not depend on property order or white space of the JSON text', () => {
    const a = JSON.parse('{"agency":"bureau-310000","data":{"x":1,"y":[true,{"q":"r","p":2.50}]},"id":"e1"}') as object;
    const b = JSON.parse(
      '{ "id" : "e1",\n  "data": { "y": [ true, { "p": 2.5, "q": "r" } ], "x": 1.0 },\n  "agency": "bureau-310000" }',
    ) as object;
    expect(decode(signingInput(a))).toBe(decode(signingInput(b)));
  });

  it('changes with any changed value, added member or reordered array', () => {
    const base = { id: 'e1', data: { x: 1, list: [1, 2], name: 'Ali' } };
    const baseline = decode(signingInput(base));
    for (const variant of [
      { ...base, id: 'e2' },
      { ...base, data: { ...base.data, x: 2 } },
      { ...base, data: { ...base.data, x: '1' } },
      { ...base, data: { ...base.data, list: [2, 1] } },
      { ...base, data: { ...base.data, name: 'ali' } },
      { ...base, data: { ...base.data, extra: false } },
      { ...base, extra: null },
    ]) {
      expect(decode(signingInput(variant))).not.toBe(baseline);
    }
  });

  it('treats a member set to undefined as absent, as its JSON text does', () => {
    expect(decode(signingInput({ id: 'e1', causationid: undefined }))).toBe(decode(signingInput({ id: 'e1' })));
  });

  it('refuses an event that is not a JSON object', () => {
    expect(() => signingInput([1, 2])).toThrow(EventSignatureError);
    expect(() => signingInput(new Date(0))).toThrow('not a JSON object');
  });
});

describe('signEvent', () => {
  it('refuses a key id outside [a-z0-9-]{1,64} and a private key of another algorithm', () => {
    const ed = generateSigningKeyPair('ed25519');
    expect(() => signEvent(event(), { alg: 'ed25519', keyId: 'Key_1', privateKey: ed.privateKey })).toThrow(RangeError);
    expect(() => signEvent(event(), { alg: 'sm2-sm3', keyId: 'k1', privateKey: ed.privateKey })).toThrow('not an sm2-sm3 key');
    expect(() => signEvent(event(), { alg: 'ed25519', keyId: 'k1', privateKey: ed.publicKey })).toThrow('needs a private key');
    expect(() => parsePrivateKey('ed25519', 'not pem')).toThrow('PKCS#8');
  });

  it('refuses an event holding a value JSON cannot carry', () => {
    const ed = generateSigningKeyPair('ed25519');
    expect(() => signEvent(event({ data: { n: Number.NaN } }), { alg: 'ed25519', keyId: 'k1', privateKey: ed.privateKey })).toThrow(
      expect.objectContaining({ code: 'EVENT_NOT_CANONICALIZABLE' }),
    );
  });

  it('signs every published example event of the catalogue so that it verifies after a trip over the wire', async () => {
    const registry = new Registry();
    for (const contract of EVENT_CATALOGUE) {
      const example = exampleEvent(contract);
      const agency = String(example.agency);
      for (const alg of SIGNATURE_ALGORITHMS) {
        const keyId = `${agency}-${alg}`;
        if (!registry.keys.has(keyId)) registry.add(keyId, alg, agency);
        const signed = registry.sign(example, keyId);
        await expect(verifyEventSignature(overTheWire(signed), registry.lookup)).resolves.toMatchObject({ agencyId: agency });
      }
    }
  });
});
