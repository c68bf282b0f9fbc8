import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { isHashAlgorithmAvailable } from './canonical-encoding.js';
import { merkleRoot } from './merkle.js';

// Certificate Transparency's reference inputs and Merkle Tree Hashes (RFC 6962), trees of 0 to 8 leaves.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
  Buffer.from(hex, 'hex'),
);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (data: Buffer): Buffer => sha256(Buffer.of(0), data);
const node = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.of(1), left, right);

describe('merkleRoot (RFC 6962)', () => {
  it.each(ROOTS.map((root, size) => [size, root] as const))('gives the reference root for %i leaves', (size, root) => {
    expect(merkleRoot(LEAVES.slice(0, size)).toString('hex')).toBe(root);
  });

  it('builds small trees as the RFC defines them, the odd leaf promoted, not duplicated', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((s) => Buffer.from(s)) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    expect(merkleRoot([a])).toEqual(leaf(a));
    expect(merkleRoot([a, b])).toEqual(node(leaf(a), leaf(b)));
    expect(merkleRoot([a, b, c])).toEqual(node(node(leaf(a), leaf(b)), leaf(c)));
    expect(merkleRoot([a, b, c, d, e])).toEqual(node(node(node(leaf(a), leaf(b)), node(leaf(c), leaf(d))), leaf(e)));
  });

  it('tells apart trees that a naive tree would confuse', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => Buffer.from(s)) as [Buffer, Buffer, Buffer];
    expect(merkleRoot([a, b, c])).not.toEqual(merkleRoot([a, b, c, c]));
    expect(merkleRoot([a, b])).not.toEqual(merkleRoot([node(leaf(a), leaf(b))]));
    expect(merkleRoot([a, b])).not.toEqual(merkleRoot([b, a]));
  });

  it('uses SM3 in the same construction when asked', () => {
    if (!isHashAlgorithmAvailable('sm3')) return;
    const sm3 = (...parts: Buffer[]): Buffer => createHash('sm3').update(Buffer.concat(parts)).digest();
    const [a, b] = [Buffer.from('a'), Buffer.from('b')];
    expect(merkleRoot([a, b], 'sm3')).toEqual(sm3(Buffer.of(1), sm3(Buffer.of(0), a), sm3(Buffer.of(0), b)));
  });
});
