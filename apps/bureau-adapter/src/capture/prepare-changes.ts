import { canonicalize } from '@hub/identity';
import { applicationRecordOf } from '../applications/application-record-of.js';
import { applicationRecordId, type ApplicationRecord } from '../applications/application-record.js';
import type { PermitRecord } from '../permits/permit-record.js';
import type { CapturedKind, CapturedRecord } from './bureau-changes.js';
import type { SyncItem } from './fold-changes.js';
import { permitRecordId } from './permit-document.js';
import { permitRecordOf } from './permit-record-of.js';
import type { LocalRefusal, PublishedRecord, RecordChange } from './sync-ports.js';

/** A batch's records, ready to publish: what changed, and what cannot be published. */
export interface PreparedChanges {
  readonly changes: RecordChange[];
  readonly refusals: LocalRefusal[];
}

/** The record id a captured record is published under (the envelope's `recordid`). */
export function capturedRecordId(record: Pick<CapturedRecord, 'kind' | 'id'>): string {
  return record.kind === 'permit' ? permitRecordId(record.id) : applicationRecordId(record.id);
}

/**
 * Decides, in stream order, which records a batch publishes: a record at a version above the one
 * last published, with that one as `previous`. A version already published is passed over (the
 * snapshot meeting a change the stream gave first), unless its content differs: the bureau then
 * changed what a record shows (its holder's or employer's row) without raising the record's
 * version, which the hub (keeping records by the bureau's version) cannot take; that is surfaced as
 * a refusal, never published or dropped in silence. A deleted row is surfaced the same way.
 */
export function prepareChanges(items: readonly SyncItem[], published: ReadonlyMap<string, PublishedRecord>): PreparedChanges {
  const known = new Map(published);
  const changes: RecordChange[] = [];
  const refusals: LocalRefusal[] = [];
  for (const item of items) {
    const change = changeOf(item, known);
    if (change === undefined) {
      refusals.push(deletedRefusal(item.kind, capturedRecordId(item)));
      continue;
    }
    const { record, previous } = change;
    if (previous && record.version <= previous.version) {
      if (record.version === previous.version && canonicalize(record) !== canonicalize(previous))
        refusals.push(unversionedRefusal(item.kind, record));
      continue;
    }
    changes.push(change);
    known.set(record.recordId, record);
  }
  return { changes, refusals };
}

/** The item as a change from the record last published; undefined for a deleted row. */
function changeOf(item: SyncItem, known: ReadonlyMap<string, PublishedRecord>): RecordChange | undefined {
  if (item.document === null) return undefined;
  if (item.kind === 'permit') {
    const record = permitRecordOf(item.document);
    return { kind: 'permit', record, previous: known.get(record.recordId) as PermitRecord | undefined };
  }
  const record = applicationRecordOf(item.document);
  return { kind: 'application', record, previous: known.get(record.recordId) as ApplicationRecord | undefined };
}

const NOUN: Record<CapturedKind, { en: string; zh: string; table: string }> = {
  permit: { en: 'permit', zh: '许可', table: 'fwp.permit' },
  application: { en: 'application', zh: '申请', table: 'fwp.application' },
};

function deletedRefusal(kind: CapturedKind, recordId: string): LocalRefusal {
  const advice =
    kind === 'permit'
      ? {
          en: 'the hub keeps permits until they are revoked, cancelled or expire. Revoke or cancel the permit instead of deleting it.',
          zh: '枢纽只接收吊销、注销或到期。请改为吊销或注销该许可，不要删除记录。',
        }
      : {
          en: 'the hub keeps the applications it was sent. Record a decision on the application instead of deleting it.',
          zh: '枢纽保留已接收的申请。请对申请作出决定，不要删除记录。',
        };
  const noun = NOUN[kind];
  return {
    recordId,
    recordVersion: null,
    eventType: null,
    code: 'BUREAU_RECORD_DELETED',
    message: `The ${noun.en} row ${recordId} was deleted from the bureau's database; ${advice.en}`,
    messageZh: `${noun.zh}记录 ${recordId} 已从本局数据库中删除；${advice.zh}`,
    issues: [
      {
        path: 'recordid',
        rule: 'not-deleted',
        message: `a published ${noun.en} cannot be deleted`,
        messageZh: `已发布的${noun.zh}不能删除`,
      },
    ],
  };
}

function unversionedRefusal(kind: CapturedKind, record: PublishedRecord): LocalRefusal {
  const noun = NOUN[kind];
  return {
    recordId: record.recordId,
    recordVersion: record.version,
    eventType: null,
    code: 'BUREAU_CHANGE_WITHOUT_VERSION',
    message: `The ${noun.en} ${record.recordId} changed (its holder or employer) while its version stayed ${record.version}; raise ${noun.table}.version with the change so that the hub takes it.`,
    messageZh: `${noun.zh} ${record.recordId} 的持证人或用人单位信息已变更，但版本号仍为 ${record.version}；请在变更时同时提高 ${noun.table}.version，枢纽才能接收。`,
    issues: [
      {
        path: 'recordversion',
        rule: 'raised-with-every-change',
        message: 'the version must rise with every change',
        messageZh: '每次变更版本号都必须提高',
      },
    ],
  };
}
