/**
 * Four 64-bit XORs of the record hashes' quarters make a bucket's 256-bit XOR (to_hex of a negative
 * bigint is its two's complement).
 */
const XOR_HASH = [1, 17, 33, 49].map((at) => `lpad(to_hex(bit_xor(('x' || substr(h, ${at}, 16))::bit(64)::bigint)), 16, '0')`).join(' || ');

/**
 * The reconciliation digest every side computes alike (the hub of an agency's records, public
 * security of its copy): the buckets (region × month) of the rows `held` selects (`record_id`,
 * `version`, `region`, `month`), each with its count and the XOR of SHA-256(`<record id>\n<version>`)
 * of its records, by region then month. Its own parameters start at `$<first>`: from and to month,
 * the region and month to page after, and the row limit.
 */
export function recordBucketsSql(held: string, first: number): string {
  const parameter = (offset: number): string => `$${first + offset}`;
  return `SELECT region, month, count(*)::int AS count, ${XOR_HASH} AS hash
         FROM (SELECT held.*, encode(sha256(convert_to(held.record_id || E'\\n' || held.version, 'UTF8')), 'hex') AS h
                 FROM (${held}) held) hashed
        WHERE month BETWEEN ${parameter(0)} AND ${parameter(1)} AND (region, month) > (${parameter(2)}, ${parameter(3)})
        GROUP BY region, month
        ORDER BY region, month
        LIMIT ${parameter(4)}`;
}
