import type { PublishOutcome, PublishOutcomeConflict, PublishOutcomeError } from '@hub/agency-kit';

/** What the publisher of a held change is told about its conflict, open or resolved. */
export interface ConflictOutcomeFacts {
  readonly conflictId: string;
  readonly state: 'open' | 'accepted' | 'rejected';
  readonly kind: string;
  readonly heldAgency: string;
  readonly heldVersion: number;
  readonly incomingRecordId: string;
  readonly incomingVersion: number;
  readonly note: string | null;
}

/** The `conflict` of an outcome: the holder and both versions, and once resolved the version that won and why. */
export function outcomeConflict(facts: ConflictOutcomeFacts): PublishOutcomeConflict {
  const base = {
    id: facts.conflictId,
    state: facts.state,
    heldBy: facts.heldAgency,
    heldVersion: facts.heldVersion,
    incomingVersion: facts.incomingVersion,
  };
  if (facts.state === 'open') return base;
  return {
    ...base,
    winningVersion: facts.state === 'accepted' ? facts.incomingVersion : facts.heldVersion,
    ...(facts.note === null ? {} : { note: facts.note }),
  };
}

/** Why a record is held: which agency holds the record, at which version, in English and Chinese. */
export function heldReason(facts: ConflictOutcomeFacts): PublishOutcomeError {
  const { conflictId, kind, heldAgency, heldVersion, incomingRecordId, incomingVersion } = facts;
  return {
    code: 'RECORD_CONFLICT_HELD',
    status: 202,
    message:
      `Record ${incomingRecordId} (${kind}) is held by ${heldAgency} at version ${heldVersion}; your version ${incomingVersion} ` +
      `waits in the hub's conflict queue (conflict ${conflictId}) for an operator. Nothing is stored until then; ` +
      'the final outcome of this record follows on this topic.',
    messageZh:
      `记录 ${incomingRecordId}（${kind}）由 ${heldAgency} 持有，版本 ${heldVersion}；贵机构的版本 ${incomingVersion} ` +
      `已进入枢纽冲突队列（冲突 ${conflictId}），等待运维人员处理。处理前不会保存；该记录的最终结果将在本主题上发送。`,
    currentVersion: heldVersion,
  };
}

/** Why a held change was refused: the operator kept the holder's version. */
export function rejectedReason(facts: ConflictOutcomeFacts): PublishOutcomeError {
  const { conflictId, heldAgency, heldVersion, incomingRecordId, incomingVersion, note } = facts;
  return {
    code: 'CONFLICT_REJECTED',
    status: 409,
    message:
      `An operator kept ${heldAgency}'s version ${heldVersion} of record ${incomingRecordId} (conflict ${conflictId}` +
      `${note ? `: ${note}` : ''}). Your version ${incomingVersion} was not stored. ` +
      `Agree the record with ${heldAgency} before publishing it again under a new event id.`,
    messageZh:
      `运维人员保留了 ${heldAgency} 的记录 ${incomingRecordId} 版本 ${heldVersion}（冲突 ${conflictId}` +
      `${note ? `：${note}` : ''}）。贵机构的版本 ${incomingVersion} 未保存。请先与 ${heldAgency} 核对该记录，再以新的事件 ID 重新发布。`,
    currentVersion: heldVersion,
  };
}

/**
 * The final outcome of a held record once an operator resolved its conflict, for the publisher's
 * outcomes topic: `accepted` (its version is stored) or `refused` with CONFLICT_REJECTED; the same
 * event id and outbound offset as the `held` outcome it replaces.
 */
export function resolutionOutcome(
  facts: ConflictOutcomeFacts & {
    readonly eventId: string;
    readonly outboundOffset: PublishOutcome['outboundOffset'];
    readonly at: string;
  },
): PublishOutcome {
  if (facts.state === 'open') throw new RangeError(`Conflict ${facts.conflictId} is still open; it has no final outcome yet.`);
  return {
    eventId: facts.eventId,
    status: facts.state === 'accepted' ? 'accepted' : 'refused',
    outboundOffset: facts.outboundOffset,
    ...(facts.state === 'rejected' ? { error: rejectedReason(facts) } : {}),
    conflict: outcomeConflict(facts),
    at: facts.at,
  };
}
