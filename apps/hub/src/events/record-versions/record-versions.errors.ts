import { HubError, type ValidationIssue } from '@hub/contracts';

/** One event whose record version is not newer than the version the hub holds. */
export interface StaleRecord {
  readonly eventId: string;
  /** Where the event's `recordversion` is in the request: `recordversion` or `events[i].recordversion`. */
  readonly path: string;
  readonly recordId: string;
  readonly version: number;
  readonly currentVersion: number;
  /** True when the version equals the held one but the event says something else. */
  readonly sameVersion: boolean;
}

/**
 * A change older than the record the hub holds (or as old, with other content): answered 409 with
 * the current version; nothing of the request is stored.
 */
export class StaleRecordVersionError extends HubError {
  readonly issues: readonly ValidationIssue[];
  /** The version the hub holds of the (first) stale record. */
  readonly currentVersion: number;

  constructor(readonly stale: readonly [StaleRecord, ...StaleRecord[]]) {
    const [first] = stale;
    super(
      'STALE_RECORD_VERSION',
      `Record ${first.recordId} is at version ${first.currentVersion} in the hub; version ${first.version} ${first.sameVersion ? 'was stored with other content' : 'is older'}. Nothing was stored. Read your record again and publish its change with a version above ${first.currentVersion}.`,
      { retriable: false, context: { eventId: first.eventId, currentVersion: first.currentVersion } },
    );
    this.currentVersion = first.currentVersion;
    this.issues = stale.map((s) => ({
      path: s.path,
      rule: s.sameVersion ? 'sameVersionSameContent' : 'newerThanHeld',
      message: s.sameVersion
        ? `recordversion ${s.version} of record ${s.recordId} was stored with other content; a changed record needs a new version`
        : `recordversion ${s.version} of record ${s.recordId} is older than version ${s.currentVersion} held by the hub`,
    }));
  }
}

/** The event is a change an operator refused in the conflict queue; sending it again changes nothing. */
export class RecordChangeRejectedError extends HubError {
  constructor(
    readonly eventId: string,
    readonly conflictId: string,
    note: string | null,
  ) {
    super(
      'RECORD_CHANGE_REJECTED',
      `Event ${eventId} changes a record another agency holds, and an operator kept the other agency's version (conflict ${conflictId}${note ? `: ${note}` : ''}). Nothing was stored. Agree the record with the holding agency before publishing it again under a new event id.`,
      { retriable: false, context: { eventId, conflictId } },
    );
  }
}

/** A resolve of a conflict already resolved the other way. */
export class ConflictAlreadyResolvedError extends HubError {
  constructor(conflictId: string, resolution: string) {
    super(
      'CONFLICT_ALREADY_RESOLVED',
      `Conflict ${conflictId} was already resolved with ${resolution}; a resolution is final. Nothing was changed.`,
      { retriable: false, context: { conflictId } },
    );
  }
}
