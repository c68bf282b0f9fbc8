import { RecordReader, type ReadEvent } from '@hub/agency-kit';
import { REVIEW_EVENT_TYPES } from '../residence-review-subscription.js';

/** A residence-review case as a linkage event states it. */
export interface ReviewEvent {
  readonly id: string;
  readonly subject: string;
  readonly time: string;
  readonly region: string;
  readonly caseId: string;
  readonly state: string;
  readonly ruleId: string;
  /** The work permit the review follows: the last part of the decision key, when it is a permit number. */
  readonly workPermitNo: string | null;
  readonly openedOn: string | null;
  readonly dueDate: string | null;
  readonly explanationZh: string;
  readonly explanationEn: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGION = /^\d{6}$/;

/**
 * Reads a linkage conclusion for `agencyId`'s residence reviews: only cases of kind
 * `residence-review` owned by the agency are kept; other linkage events, and other cases, are left
 * alone (ignored).
 */
export function reviewEventReader(agencyId: string): (json: unknown) => ReadEvent<ReviewEvent> {
  return (json) => {
    const reader = new RecordReader(json);
    const type = reader.text('type', 100);
    if (reader.issues.length > 0) return { kind: 'invalid', issues: reader.issues };
    const read = REVIEW_EVENT_TYPES.find((entry) => entry.type === type);
    if (!read) return { kind: 'ignored', type };
    const version = reader.at('contractversion');
    if (version !== read.version) return { kind: 'unsupported-version', type, version, expected: read.version };
    if (reader.at('data.case.kind') !== 'residence-review' || reader.at('data.case.ownerAgency') !== agencyId)
      return { kind: 'ignored', type };
    const decisionKey = reader.text('data.decisionKey', 500);
    const last = decisionKey.split(':').at(-1) ?? '';
    const event: ReviewEvent = {
      id: reader.uuid('id'),
      subject: reader.text('subject', 200),
      time: reader.dateTime('time'),
      region: reader.matching('region', REGION),
      caseId: reader.matching('data.case.caseId', UUID),
      state: reader.text('data.case.state', 40),
      ruleId: reader.text('data.ruleId', 100),
      workPermitNo: /^\d{18}$/.test(last) ? last : null,
      openedOn: reader.at('data.case.openedOn') === undefined ? null : reader.date('data.case.openedOn'),
      dueDate: reader.at('data.case.dueDate') === undefined ? null : reader.date('data.case.dueDate'),
      explanationZh: reader.text('data.explanation.zh', 2000),
      explanationEn: reader.text('data.explanation.en', 2000),
    };
    return reader.issues.length > 0 ? { kind: 'invalid', issues: reader.issues } : { kind: 'event', event };
  };
}
