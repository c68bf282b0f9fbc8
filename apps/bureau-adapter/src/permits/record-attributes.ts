import type { PermitRecord } from './permit-record.js';

/** The envelope attributes that carry the bureau's record id and version (CloudEvents extensions). */
export interface RecordAttributes {
  readonly recordid: string;
  readonly recordversion: number;
}

/** `recordid` and `recordversion` of every event about `record`: what the hub orders a record's versions by. */
export function recordAttributes(record: Pick<PermitRecord, 'recordId' | 'version'>): RecordAttributes {
  return { recordid: record.recordId, recordversion: record.version };
}
