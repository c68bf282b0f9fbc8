import { exampleEvent, findContract, validateEvent } from '@hub/contracts';
import type { PermitRecord } from './permit-record.js';

/** The envelope attributes that carry the bureau's record id and version (CloudEvents extensions). */
export interface RecordAttributes {
  readonly recordid?: string;
  readonly recordversion?: number;
}

let envelopeAccepts: boolean | undefined;

/**
 * `recordid` and `recordversion` for an event about `record`. The hub's envelope gains these two
 * attributes with record versioning; an envelope that does not know them yet refuses every event
 * that carries them, so they are set only once the envelope accepts them (asked once per process).
 */
export function recordAttributes(record: PermitRecord): RecordAttributes {
  envelopeAccepts ??= envelopeAcceptsRecordAttributes();
  return envelopeAccepts ? { recordid: record.recordId, recordversion: record.version } : {};
}

function envelopeAcceptsRecordAttributes(): boolean {
  const contract = findContract('work-permit.expired', 1);
  if (!contract) return false;
  try {
    validateEvent({ ...exampleEvent(contract), recordid: 'probe-1', recordversion: 1 });
    return true;
  } catch {
    return false;
  }
}
