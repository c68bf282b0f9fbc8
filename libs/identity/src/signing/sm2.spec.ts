import { createHash, createPrivateKey, createPublicKey, getHashes, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { sm2, sm3 } from 'sm-crypto-v2';
import { generateSigningKeyPair, sm2RawKeyPair, sm2RawPublicKey } from './keys.js';
import { SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify } from './sm2.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (data: Uint8Array): string => Buffer.from(data).toString('hex');
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** Order n of sm2p256v1 (GB/T 32918.5-2017). */
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/**
 * GB/T 32905-2016 (GM/T 0004-2012) Appendix A: SM3 of "abc" (A.1) and of the 512-bit message
 * "abcd" × 16 (A.2).
 */
const SM3_VECTORS: ReadonlyArray<readonly [string, string]> = [
  ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
];

/**
 * GM/T 0003.5-2012 / GB/T 32918.5-2017 Annex A: the signature example on the recommended curve
 * sm2p256v1 with the default user id. The same values are OpenSSL's test/sm2_internal_test.c
 * (sm2_sig_test, "From Annex A in both GM/T0003.5-2012 and GB/T 32918.5-2016"); Z_A and e are the
 * intermediate values the standard prints.
 */
const ANNEX_A = {
  privateKey: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKey:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  userId: '1234567812345678',
  message: 'message digest',
  za: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  e: 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
} as const;

/**
 * OpenSSL test/recipes/30-test_evp_data/evppkey_sm2.txt: key SM2_key1 and two `Verify` cases with
 * `Ctrl = digest:SM3`, whose Input is the digest e = SM3(Z_A || M) and Output the DER signature.
 */
const OPENSSL_SM2_KEY1 = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQg0JFWczAXva2An9m7
2MaT9gIwWTFptvlKrxyO4TjMmbWhRANCAAQ5OirZ4n5DrKqrhaGdO4VZHhRAYVcX
Wt3Te/d/8Mr57Tf886i09VwDhSMmH8pmNq/mp6+ioUgqYG9cs6GLLioe
-----END PRIVATE KEY-----`;
const OPENSSL_VERIFY_CASES: ReadonlyArray<readonly [string, string]> = [
  [
    'd7ad397f6ffa5d4f7f11e7217f241607dc30618c236d2c09c1b9ea8fdadee2e8',
    '3046022100ab1db64de7c40edbde6651c9b8ebdb804673db836e5d5c7fe15dcf9ed2725037022100eba714451ff69b0bb930b379e192e7cd5fa6e3c41c7fbd8303b799ab54a54621',
  ],
  [
    'b1139602c6ecc9e15e2f3f9c635a1afe737058bc15387479c1ea0d0b3d90e9e5',
    '3045022100e6e0414ebd3a656c35602af14ab20287dbf30d57af75c49a188ed4b42391f22402202f54f277c606f4605e1ce9514947ffddf94c67a539804a4ed17f852288bdbe2e',
  ],
];

// Not used: the example of draft-shen-sm2-ecdsa-02 (also OpenSSL's first sm2_sig_test case, ID
// "ALICE123@YAHOO.COM", r = 40f1ec59…, s = 6fc6dac3…) is on a 256-bit *test* curve
// (p = 8542d69e…), and sm-crypto-v2 has sm2p256v1 built in with no way to take other parameters.

/** r || s of a DER ECDSA-Sig-Value (SEQUENCE { INTEGER r, INTEGER s }) with short lengths. */
function derToRaw(der: Uint8Array): Uint8Array {
  const integers: string[] = [];
  let at = 2;
  for (let i = 0; i < 2; i += 1) {
    const length = der[at + 1] ?? 0;
    integers.push(
      hex(der.subarray(at + 2, at + 2 + length))
        .replace(/^00/, '')
        .padStart(64, '0'),
    );
    at += 2 + length;
  }
  return unhex(integers.join(''));
}

describe('SM3 (sm-crypto-v2)', () => {
  it.each(SM3_VECTORS)('hashes %j as GB/T 32905 Appendix A says', (message, digest) => {
    expect(sm3(bytes(message))).toBe(digest);
  });

  const nodeHasSm3 = getHashes().includes('sm3');
  (nodeHasSm3 ? it : it.skip)("agrees with node:crypto's SM3 (OpenSSL) on the vectors and around every padding boundary", () => {
    for (const [message, digest] of SM3_VECTORS) expect(createHash('sm3').update(message).digest('hex')).toBe(digest);
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
      expect(sm3(data)).toBe(createHash('sm3').update(data).digest('hex'));
    }
  });
});

describe('SM2 with SM3 (GB/T 32918.2, sm-crypto-v2)', () => {
  const publicKey = unhex(ANNEX_A.publicKey);
  const message = bytes(ANNEX_A.message);
  const signature = unhex(ANNEX_A.r + ANNEX_A.s);

  it('derives the Annex A public key from its private key', () => {
    expect(sm2.getPublicKeyFromPrivateKey(ANNEX_A.privateKey)).toBe(ANNEX_A.publicKey);
  });

  it('computes the Annex A Z_A (default user id 1234567812345678) and digest e = SM3(Z_A || M)', () => {
    expect(SM2_DEFAULT_USER_ID).toBe(ANNEX_A.userId);
    expect(hex(sm2.getZ(ANNEX_A.publicKey, ANNEX_A.userId))).toBe(ANNEX_A.za);
    expect(sm2.getHash(message, ANNEX_A.publicKey, ANNEX_A.userId)).toBe(ANNEX_A.e);
  });

  it('verifies the Annex A signature (r, s), and not with a changed message, user id or signature', () => {
    expect(sm2Verify(message, signature, publicKey)).toBe(true);
    expect(sm2Verify(bytes('message digesT'), signature, publicKey)).toBe(false);
    expect(sm2Verify(message, signature, publicKey, 'ALICE123@YAHOO.COM')).toBe(false);
    const flipped = Uint8Array.from(signature);
    flipped[63] = (flipped[63] ?? 0) ^ 1;
    expect(sm2Verify(message, flipped, publicKey)).toBe(false);
  });

  it('signs to exactly the Annex A (r, s) when given the Annex A nonce k', () => {
    const k = BigInt(`0x${ANNEX_A.k}`);
    const x1 = BigInt(`0x${sm2.getPublicKeyFromPrivateKey(ANNEX_A.k).slice(2, 66)}`);
    const rs = sm2.doSignature(message, ANNEX_A.privateKey, { hash: true, userId: ANNEX_A.userId, pointPool: [{ k, x1 }] });
    expect(rs).toBe(ANNEX_A.r + ANNEX_A.s);
  });

  it.each(OPENSSL_VERIFY_CASES)('verifies OpenSSL evppkey_sm2.txt SM2_key1 case over digest %s', (digest, der) => {
    const key = hex(sm2RawPublicKey(createPublicKey(OPENSSL_SM2_KEY1)));
    expect(sm2.doVerifySignature(unhex(digest), der, key, { der: true })).toBe(true);
    const otherDigest = unhex(digest);
    otherDigest[31] = (otherDigest[31] ?? 0) ^ 1;
    expect(sm2.doVerifySignature(otherDigest, der, key, { der: true })).toBe(false);
  });

  it('answers false, without throwing, for r or s outside [1, n−1] (GB/T 32918.2 §7.1 B1, B2)', () => {
    const n = N.toString(16);
    expect(sm2Verify(message, unhex(ANNEX_A.r + '00'.repeat(32)), publicKey)).toBe(false);
    expect(sm2Verify(message, unhex('00'.repeat(32) + ANNEX_A.s), publicKey)).toBe(false);
    expect(sm2Verify(message, unhex(n + ANNEX_A.s), publicKey)).toBe(false);
    expect(sm2Verify(message, unhex(ANNEX_A.r + n), publicKey)).toBe(false);
    expect(sm2Verify(message, unhex('ff'.repeat(64)), publicKey)).toBe(false);
  });

  it('answers false for a public key that is not a point on the curve', () => {
    const offCurve = Uint8Array.from(publicKey);
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    expect(sm2Verify(message, signature, offCurve)).toBe(false);
  });

  it('round-trips sign → verify with a node:crypto SM2 key, and fails for a tampered message or another key', () => {
    const { privateKey } = generateSigningKeyPair('sm2-sm3');
    const raw = sm2RawKeyPair(privateKey);
    const data = bytes('{"agency":"bureau-310000","data":{"permitNo":"WP-1"}}');
    const rs = sm2Sign(data, raw);
    expect(rs).toHaveLength(64);
    expect(sm2Verify(data, rs, raw.publicKey)).toBe(true);
    expect(sm2.doVerifySignature(data, hex(rs), hex(raw.publicKey), { hash: true, userId: SM2_DEFAULT_USER_ID })).toBe(true);
    const tampered = Uint8Array.from(data);
    tampered[tampered.length - 3] = 0x32;
    expect(sm2Verify(tampered, rs, raw.publicKey)).toBe(false);
    expect(sm2Verify(data, rs, sm2RawKeyPair(generateSigningKeyPair('sm2-sm3').privateKey).publicKey)).toBe(false);
    // Signing is randomised (fresh k each time), yet both signatures verify.
    const again = sm2Sign(data, raw);
    expect(hex(again)).not.toBe(hex(rs));
    expect(sm2Verify(data, again, raw.publicKey)).toBe(true);
  });

  it("reads the private scalar of a PKCS#8 SM2 key (OpenSSL's SM2_key1) so that it matches its public point", () => {
    const raw = sm2RawKeyPair(createPrivateKey(OPENSSL_SM2_KEY1));
    expect(sm2.getPublicKeyFromPrivateKey(hex(raw.privateKey))).toBe(hex(raw.publicKey));
  });

  it("shows that node:crypto's sign() with an SM2-curve key is not an SM2 signature (hence the library)", () => {
    const { privateKey } = generateSigningKeyPair('sm2-sm3');
    const data = bytes('message digest');
    const nodeSignature = derToRaw(new Uint8Array(sign('sm3', data, privateKey)));
    expect(sm2Verify(data, nodeSignature, sm2RawKeyPair(privateKey).publicKey)).toBe(false);
  });
});
