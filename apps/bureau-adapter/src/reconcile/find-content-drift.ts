import { createHash } from 'node:crypto';
import { canonicalJson } from '@hub/contracts';
import type { PermitRecord } from '../permits/permit-record.js';
import { readPublished } from './published-ledger.js';
import { readPermitRecords, type BureauRecord, type Queryable } from './read-bureau-records.js';
import type { RecordDifference } from './record-differences.js';

const CHUNK = 2_000;

/**
 * The bureau's permits whose row changed without a new version since the adapter published that
 * version (a fix made in the database, past the application and its capture): the same version
 * now says something else than the hub was told. Compared with the adapter's own record of what it
 * published (`bureau_sync.published_permit`); records it has no record of are not judged here.
 */
export async function findContentDrift(bureau: Queryable, store: Queryable, records: readonly BureauRecord[]): Promise<RecordDifference[]> {
  const drift: RecordDifference[] = [];
  for (let at = 0; at < records.length; at += CHUNK) {
    const chunk = records.slice(at, at + CHUNK);
    const published = await readPublished(
      store,
      'permit',
      chunk.map((r) => r.recordId),
    );
    const sameVersion = chunk.filter((r) => published.get(r.recordId)?.version === r.version);
    const now = await readPermitRecords(
      bureau,
      sameVersion.map((r) => r.permitId),
    );
    for (const record of sameVersion) {
      const current = now.get(record.recordId);
      const before = published.get(record.recordId);
      if (current && before && contentHash(current) !== contentHash(before)) {
        drift.push({
          kind: 'different',
          recordId: record.recordId,
          region: record.region,
          month: record.month,
          bureauVersion: record.version,
          reason: 'content',
        });
      }
    }
  }
  return drift;
}

/** SHA-256 of the record's canonical JSON (key order and absent optional fields do not matter). */
export function contentHash(record: PermitRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}
