import { auditDigest, type AuditHashAlgorithm } from './canonical-encoding.js';

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/**
 * The Merkle Tree Hash of RFC 6962 §2.1 over `leaves` (here: the rows' chain hashes, in seq
 * order): MTH({}) = H(""), MTH({d}) = H(0x00 ‖ d), and for n > 1, with k the largest power of two
 * below n, MTH(D[n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])). The prefixes keep a leaf from passing
 * for an inner node. With SHA-256 this is exactly Certificate Transparency's tree.
 */
export function merkleRoot(leaves: readonly Uint8Array[], algorithm: AuditHashAlgorithm = 'sha256'): Buffer {
  if (leaves.length === 0) return auditDigest(algorithm);
  const hashed = leaves.map((leaf) => auditDigest(algorithm, LEAF_PREFIX, leaf));
  return subtreeRoot(hashed, 0, hashed.length, algorithm);
}

function subtreeRoot(hashes: readonly Buffer[], from: number, to: number, algorithm: AuditHashAlgorithm): Buffer {
  const size = to - from;
  if (size === 1) return hashes[from] as Buffer;
  let split = 1;
  while (split * 2 < size) split *= 2;
  return auditDigest(
    algorithm,
    NODE_PREFIX,
    subtreeRoot(hashes, from, from + split, algorithm),
    subtreeRoot(hashes, from + split, to, algorithm),
  );
}
