import { canonicalize } from '@hub/identity';
import type { PermitRecord } from '../permits/permit-record.js';
import type { SyncItem } from './fold-changes.js';
import { permitRecordId } from './permit-document.js';
import { permitRecordOf } from './permit-record-of.js';
import type { LocalRefusal, PermitChange } from './sync-ports.js';

/** A batch's permits, ready to publish: what changed, and what cannot be published. */
export interface PreparedChanges {
  readonly changes: PermitChange[];
  readonly refusals: LocalRefusal[];
}

/**
 * Decides, in stream order, which permits a batch publishes: a record at a version above the one
 * last published, with that one as `previous`. A version already published is passed over (the
 * snapshot meeting a change the stream gave first), unless its content differs: the bureau then
 * changed what a permit shows (its holder's or employer's row) without raising the permit's
 * version, which the hub (keeping records by the bureau's version) cannot take; that is surfaced as
 * a refusal, never published or dropped in silence. A deleted row is surfaced the same way.
 */
export function prepareChanges(items: readonly SyncItem[], published: ReadonlyMap<string, PermitRecord>): PreparedChanges {
  const known = new Map(published);
  const changes: PermitChange[] = [];
  const refusals: LocalRefusal[] = [];
  for (const item of items) {
    if (item.document === null) {
      refusals.push(deletedRefusal(permitRecordId(item.permitId)));
      continue;
    }
    const record = permitRecordOf(item.document);
    const previous = known.get(record.recordId);
    if (previous && record.version <= previous.version) {
      if (record.version === previous.version && canonicalize(record) !== canonicalize(previous)) refusals.push(unversionedRefusal(record));
      continue;
    }
    changes.push({ record, previous });
    known.set(record.recordId, record);
  }
  return { changes, refusals };
}

function deletedRefusal(recordId: string): LocalRefusal {
  return {
    recordId,
    recordVersion: null,
    eventType: null,
    code: 'BUREAU_RECORD_DELETED',
    message: `The permit row ${recordId} was deleted from the bureau's database; the hub keeps permits until they are revoked, cancelled or expire. Revoke or cancel the permit instead of deleting it.`,
    messageZh: `许可记录 ${recordId} 已从本局数据库中删除；枢纽只接收吊销、注销或到期。请改为吊销或注销该许可，不要删除记录。`,
    issues: [{ path: 'recordid', rule: 'not-deleted', message: 'a published permit cannot be deleted', messageZh: '已发布的许可不能删除' }],
  };
}

function unversionedRefusal(record: PermitRecord): LocalRefusal {
  return {
    recordId: record.recordId,
    recordVersion: record.version,
    eventType: null,
    code: 'BUREAU_CHANGE_WITHOUT_VERSION',
    message: `The permit ${record.recordId} changed (its holder or employer) while its version stayed ${record.version}; raise fwp.permit.version with the change so that the hub takes it.`,
    messageZh: `许可 ${record.recordId} 的持证人或用人单位信息已变更，但版本号仍为 ${record.version}；请在变更时同时提高 fwp.permit.version，枢纽才能接收。`,
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
