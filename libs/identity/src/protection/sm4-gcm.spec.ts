import { createCipheriv, createSecretKey, getCiphers, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { sm4 } from 'sm-crypto-v2';
import { bindAead } from './field-algorithms.js';
import { librarySm4Gcm, SM4_GCM_BACKEND } from './sm4-gcm.js';

const hex = (text: string): Buffer => Buffer.from(text, 'hex');
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * SM4-GCM vectors with 96-bit IVs. The first is RFC 8998 Appendix A.1; the others were computed with
 * pyca/cryptography 48 (OpenSSL's SM4-GCM), an implementation independent of sm-crypto-v2, to cover
 * empty, short, unaligned and multi-block inputs and additional data.
 */
const VECTORS = [
  {
    source: 'RFC 8998 A.1',
    key: '0123456789abcdeffedcba9876543210',
    iv: '00001234567800000000abcd',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    plaintext:
      'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccddddddddddddddddeeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa',
    ciphertext:
      '17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d',
    tag: '83de3541e4c2b58177e065a9bf7b62ec',
  },
  {
    source: 'OpenSSL, empty',
    key: '8a9775c6ec1041e96ca5f569901901d2',
    iv: 'c709663b418f9e6e42272cee',
    aad: '',
    plaintext: '',
    ciphertext: '',
    tag: '4b3fb048c19d37fa25b6f5339e3476ac',
  },
  {
    source: 'OpenSSL, 1 byte',
    key: '148bc7fa770e6e057657d90f45b92553',
    iv: '794f3f4d29aba753a2290ca9',
    aad: 'e5',
    plaintext: '81',
    ciphertext: 'a2',
    tag: '12c8e18228d39d65077487bcb6d1ed89',
  },
  {
    source: 'OpenSSL, 15 bytes',
    key: 'eb1b678bd34b2633c1c6f74c2cda4bd2',
    iv: '17d39d101233b9312991dd53',
    aad: '09452110caefb1',
    plaintext: '98e36c3406c92d7526f139ba74065a',
    ciphertext: '1499d52939ce908cb047e3225fc575',
    tag: '1710cf0817f9652e4e50ccb5fdf4f998',
  },
  {
    source: 'OpenSSL, 16 bytes',
    key: '289f059af4d13c86325e953abc0a15c9',
    iv: '59342ad9507948cd6b9a088f',
    aad: '257c4b470d39b0581d0bb72675e055b6',
    plaintext: 'aea4cebede7a0be834eac1ab77e66434',
    ciphertext: '90766e95c964e9ce56ba1adfc515c835',
    tag: '4e51763381b7b6c755b47180181e7e04',
  },
  {
    source: 'OpenSSL, 17 bytes, 33-byte AAD',
    key: '3361fae1bcd2f9e560cea8e9cd0c5759',
    iv: '897758935d1568406c0ffa85',
    aad: 'c4ac8b619febe8b2d30ca5dc77090730905aac4d18f2557039e926ef2eec4e7b5e',
    plaintext: 'a3670492930fe6a4fe514e6b6d80b315fe',
    ciphertext: 'cb4bb3a5f4a64e776397c9391ac9acbaff',
    tag: '907d07ebfe4c309d88cae1fa0b904a8c',
  },
  {
    source: 'OpenSSL, 40 bytes',
    key: '043f78c125f8e347536604159ea231ce',
    iv: 'b2f7e20e5223998540509a3f',
    aad: '',
    plaintext: '3fcf06ec585b9e01966d8e7854ccfad6b5758ca3efb87c915cd9481ed17ed969e157d9bdc19c4099',
    ciphertext: '89923f202364fc264810697e0a74f52544c8fad1c7c0828f6e29991acd283fba6f59dfb212d6768a',
    tag: '9f26c709057ab78ba89f31c95dedb376',
  },
];

describe('SM4 block cipher', () => {
  // GB/T 32907-2016 Appendix A, example 1 (also the SM4 example of GM/T 0002-2012).
  const key = '0123456789abcdeffedcba9876543210';
  const block = '0123456789abcdeffedcba9876543210';
  const expected = '681edf34d206965e86b3e94f536e4246';

  it('matches the GB/T 32907 standard vector in sm-crypto-v2', () => {
    const out = sm4.encrypt(hex(block), hex(key), { padding: 'none', output: 'array' });
    expect(toHex(out)).toBe(expected);
    expect(toHex(sm4.decrypt(out, hex(key), { padding: 'none', output: 'array' }))).toBe(block);
  });

  it('matches the same vector in OpenSSL (node:crypto sm4-ecb), the independent implementation', () => {
    const cipher = createCipheriv('sm4-ecb', hex(key), null).setAutoPadding(false);
    expect(toHex(Buffer.concat([cipher.update(hex(block)), cipher.final()]))).toBe(expected);
  });
});

describe('SM4-GCM', () => {
  it('uses node:crypto where OpenSSL offers sm4-gcm and sm-crypto-v2 elsewhere (Node 24: OpenSSL 3.5, no sm4-gcm)', () => {
    expect(SM4_GCM_BACKEND).toBe(getCiphers().includes('sm4-gcm') ? 'node:crypto' : 'sm-crypto-v2');
  });

  for (const vector of VECTORS) {
    it(`seals and opens the ${vector.source} vector, in the library and in the chosen backend`, () => {
      for (const aead of [librarySm4Gcm(createSecretKey(hex(vector.key))), bindAead('sm4-gcm', createSecretKey(hex(vector.key)))]) {
        const { ciphertext, tag } = aead.seal(hex(vector.iv), hex(vector.plaintext), hex(vector.aad));
        expect(toHex(ciphertext)).toBe(vector.ciphertext);
        expect(toHex(tag)).toBe(vector.tag);
        const opened = aead.open(hex(vector.iv), hex(vector.ciphertext), hex(vector.tag), hex(vector.aad));
        expect(opened && toHex(opened)).toBe(vector.plaintext);
      }
    });
  }

  it("encrypts with the same keystream as OpenSSL's SM4-CTR from counter IV ‖ 2, for every length up to 5 blocks", () => {
    for (let length = 0; length <= 80; length++) {
      const key = randomBytes(16);
      const iv = randomBytes(12);
      const plaintext = randomBytes(length);
      const { ciphertext } = librarySm4Gcm(createSecretKey(key)).seal(iv, plaintext, randomBytes(length % 7));
      const ctr = createCipheriv('sm4-ctr', key, Buffer.concat([iv, hex('00000002')]));
      expect(toHex(ciphertext)).toBe(toHex(Buffer.concat([ctr.update(plaintext), ctr.final()])));
    }
  });

  it('refuses a changed ciphertext, tag, IV or AAD, and a short or missing tag', () => {
    const vector = VECTORS[0]!;
    const aead = librarySm4Gcm(createSecretKey(hex(vector.key)));
    const flip = (text: string, at = 0): Buffer => {
      const bytes = hex(text);
      bytes[at] = (bytes[at] ?? 0) ^ 1;
      return bytes;
    };
    expect(aead.open(hex(vector.iv), flip(vector.ciphertext, 63), hex(vector.tag), hex(vector.aad))).toBeUndefined();
    expect(aead.open(hex(vector.iv), hex(vector.ciphertext), flip(vector.tag, 15), hex(vector.aad))).toBeUndefined();
    expect(aead.open(flip(vector.iv, 11), hex(vector.ciphertext), hex(vector.tag), hex(vector.aad))).toBeUndefined();
    expect(aead.open(hex(vector.iv), hex(vector.ciphertext), hex(vector.tag), flip(vector.aad))).toBeUndefined();
    expect(aead.open(hex(vector.iv), hex(vector.ciphertext), hex(vector.tag).subarray(0, 12), hex(vector.aad))).toBeUndefined();
    expect(aead.open(hex(vector.iv), hex(vector.ciphertext), new Uint8Array(0), hex(vector.aad))).toBeUndefined();
  });

  it('refuses a key that is not 16 bytes', () => {
    expect(() => librarySm4Gcm(createSecretKey(randomBytes(32)))).toThrow('16 bytes');
  });
});
