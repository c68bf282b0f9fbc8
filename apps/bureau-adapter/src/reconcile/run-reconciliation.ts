import { randomUUID } from 'node:crypto';
import type { ApplicationChange, PermitChange, RecordPublisher } from '../capture/sync-ports.js';
import { compareWithPsb } from './compare-with-psb.js';
import { findContentDrift } from './find-content-drift.js';
import type { HubDigests, RecordDigests } from './hub-digests.client.js';
import { psbReplayOf } from './psb-replay.js';
import { readPublished, recordRepublished, type AdapterStore } from './published-ledger.js';
import { readApplicationRecords, readBureauApplications, type BureauApplication } from './read-bureau-applications.js';
import { readBureauRecords, readPermitRecords, type BureauRecord, type Queryable } from './read-bureau-records.js';
import { readImportedPermits, readImportedRecords, type ImportedRecord } from './read-imported-records.js';
import type { ReconcileRange } from './reconcile-range.js';
import type { PsbSummary, Reconciliation, ReconcileTrigger } from './reconciliation.js';
import { bucketKey, differingBuckets, digestOf, type DigestRecord } from './record-digest.js';
import { byRecordId, recordDifferences, repairable, type RecordDifference } from './record-differences.js';

/** What a reconciliation reads and writes. */
export interface ReconcileDependencies {
  /** The bureau's system of record (`fwp`, with change capture installed). */
  readonly bureau: Queryable;
  /** The adapter's store (`bureau_sync`). */
  readonly store: AdapterStore;
  readonly hub: HubDigests;
  /** Public security's copy of the bureau's permits, when compared too (PSB_RECONCILE_URL). */
  readonly psb?: RecordDigests;
  /** The adapter's signed outbound path; needed only to repair. */
  readonly publisher?: RecordPublisher;
  /** The bureau (e.g. bureau-310000): its records of the import ledger are its imported history (all of the ledger's when unset). */
  readonly agencyId?: string;
}

export interface ReconcileOptions {
  readonly range: ReconcileRange;
  readonly repair: boolean;
  readonly trigger: ReconcileTrigger;
}

/**
 * Compares the bureau's work permits and applications with the records the hub holds from it: the
 * digests of every region × month bucket (count and hash, computed here over `fwp.permit`,
 * `fwp.application` and the imported history the system of record does not hold, at the hub over
 * what it holds), then the records of the buckets that differ only; and each permit of the system
 * with the adapter's record of what it published at the same version (a row changed without a new
 * version). Public security holds the bureau's permits only, so only they are compared with its
 * copy. With `repair`, republishes through the signed outbound path what the hub lacks or holds
 * older (the hub's version rules apply as to any change: a newer version moves the record): a
 * permit or application of the system from its row now, an imported permit as the import last
 * published it.
 */
export async function runReconciliation(deps: ReconcileDependencies, options: ReconcileOptions): Promise<Reconciliation> {
  const startedAt = new Date().toISOString();
  const ofSystem = await readBureauRecords(deps.bureau, options.range);
  const applications = await readBureauApplications(deps.bureau, options.range);
  const imported = await readImportedRecords(deps.store, deps.bureau, options.range, deps.agencyId);
  const permits: DigestRecord[] = [...ofSystem, ...imported];
  const here: DigestRecord[] = [...permits, ...applications];
  const ours = digestOf(here);
  const theirs = await deps.hub.buckets('work-permit', options.range);
  const differing = differingBuckets(ours, theirs);
  const drilled = new Set(differing);
  const atHub: DigestRecord[] = [];
  for (const bucket of differing) atHub.push(...(await deps.hub.records('work-permit', bucket)));
  const compared = recordDifferences(
    here.filter((record) => drilled.has(bucketKey(record))),
    atHub,
  );
  const drift = await findContentDrift(deps.bureau, deps.store, ofSystem);
  const listed = new Set(compared.map((d) => d.recordId));
  const differences: RecordDifference[] = [...compared, ...drift.filter((d) => !listed.has(d.recordId))].sort(byRecordId);
  const repaired = options.repair ? await republish(deps, { ofSystem, applications, imported }, differences) : new Set<string>();
  const count = (kind: RecordDifference['kind']): number => differences.filter((d) => d.kind === kind).length;
  const remaining = differences.filter((d) => !repaired.has(d.recordId)).length;
  const applicationIds = new Set(applications.map((a) => a.recordId));
  const ofPermits = differences.filter((d) => !applicationIds.has(d.recordId));
  const psb = deps.psb ? await compareAtPsb(deps.psb, deps.store, permits, options, ofPermits) : undefined;
  const atPsb = psb?.differences ?? [];
  return {
    summary: {
      id: randomUUID(),
      domain: 'work-permit',
      outcome: remaining === 0 && differences.length === 0 && atPsb.length === 0 && !psb?.summary.error ? 'in-sync' : 'differences',
      trigger: options.trigger,
      ...options.range,
      startedAt,
      finishedAt: new Date().toISOString(),
      agencyRecords: here.length,
      hubRecords: [...theirs.values()].reduce((sum, bucket) => sum + bucket.count, 0),
      buckets: new Set([...ours.keys(), ...theirs.keys()]).size,
      differingBuckets: differing.length,
      missing: count('missing'),
      extra: count('extra'),
      different: count('different'),
      repaired: repaired.size,
      remaining,
      ...(psb ? { psb: psb.summary } : {}),
    },
    differences: [
      ...differences.map((d) => (options.repair && repairable(d) ? { ...d, repaired: repaired.has(d.recordId) } : d)),
      ...atPsb,
    ].sort(byRecordId),
  };
}

/**
 * The comparison with public security's copy and the replay it calls for. Public security's adapter
 * failing to answer does not fail the comparison with the hub: the reason is kept in the summary.
 */
async function compareAtPsb(
  psb: RecordDigests,
  store: ReconcileDependencies['store'],
  here: readonly DigestRecord[],
  options: ReconcileOptions,
  atHub: readonly RecordDifference[],
): Promise<{ summary: PsbSummary & { error?: string }; differences: RecordDifference[] }> {
  try {
    const { comparison, differences } = await compareWithPsb(psb, here, options.range);
    const replay = await psbReplayOf(store, [...atHub, ...differences]);
    return { summary: { ...comparison, ...(replay ? { replay } : {}) }, differences };
  } catch (error) {
    return { summary: { error: (error as Error).message.slice(0, 2000) }, differences: [] };
  }
}

/** The bureau's records a reconciliation read: the permits and applications of its system, and the imported permits. */
interface BureauSide {
  readonly ofSystem: readonly BureauRecord[];
  readonly applications: readonly BureauApplication[];
  readonly imported: readonly ImportedRecord[];
}

/**
 * Republishes the records the hub lacks or holds older: a permit or application of the system of
 * record from its row now, as a change from the version the hub holds when the adapter has that
 * version on record (so the hub gets the change events), else as first seen (a permit issued, then
 * its end; an application submitted, then what followed); an imported permit as the import last
 * published it, as first seen. Returns the record ids republished.
 */
async function republish(deps: ReconcileDependencies, side: BureauSide, differences: readonly RecordDifference[]): Promise<Set<string>> {
  if (!deps.publisher) throw new Error('Repairing needs the adapter’s outbound publisher (Kafka credentials and signing key).');
  const wanted = differences.filter(repairable);
  const changes = [
    ...(await changesOfSystem(deps, side.ofSystem, wanted)),
    ...(await changesOfApplications(deps, side.applications, wanted)),
  ];
  const reissued = await changesOfImported(deps, side.imported, wanted);
  const { published: events, refused } = await deps.publisher.publish([...changes, ...reissued]);
  const refusedIds = new Set(refused.map((r) => r.recordId));
  const sent = changes.filter(({ record }) => !refusedIds.has(record.recordId));
  // Only the system's records go where change capture compares its next change; every event is kept for its outcome.
  await recordRepublished(deps.store, sent, events);
  const sentImported = reissued.map((c) => c.record.recordId).filter((id) => !refusedIds.has(id));
  return new Set([...sent.map(({ record }) => record.recordId), ...sentImported]);
}

/** The system's permits among `wanted`, each from its row now; from the version the hub holds when the adapter has it on record. */
async function changesOfSystem(
  deps: ReconcileDependencies,
  ofSystem: readonly BureauRecord[],
  wanted: readonly RecordDifference[],
): Promise<PermitChange[]> {
  const permitIds = new Map(ofSystem.map((r) => [r.recordId, r.permitId]));
  const ofRows = wanted.filter((d) => permitIds.has(d.recordId));
  const records = await readPermitRecords(
    deps.bureau,
    ofRows.map((d) => permitIds.get(d.recordId) ?? '0'),
  );
  const published = await readPublished(
    deps.store,
    'permit',
    ofRows.map((d) => d.recordId),
  );
  return ofRows.flatMap((d) => {
    const record = records.get(d.recordId);
    if (!record) return [];
    const previous = published.get(d.recordId);
    return [
      {
        kind: 'permit' as const,
        record,
        previous: d.hubVersion !== undefined && previous?.version === d.hubVersion ? previous : undefined,
      },
    ];
  });
}

/** The system's applications among `wanted`, each from its row now; from the version the hub holds when the adapter has it on record. */
async function changesOfApplications(
  deps: ReconcileDependencies,
  applications: readonly BureauApplication[],
  wanted: readonly RecordDifference[],
): Promise<ApplicationChange[]> {
  const applicationIds = new Map(applications.map((a) => [a.recordId, a.applicationId]));
  const ofRows = wanted.filter((d) => applicationIds.has(d.recordId));
  const records = await readApplicationRecords(
    deps.bureau,
    ofRows.map((d) => applicationIds.get(d.recordId) ?? '0'),
  );
  const published = await readPublished(
    deps.store,
    'application',
    ofRows.map((d) => d.recordId),
  );
  return ofRows.flatMap((d) => {
    const record = records.get(d.recordId);
    if (!record) return [];
    const previous = published.get(d.recordId);
    const fromHub = d.hubVersion !== undefined && previous?.version === d.hubVersion ? previous : undefined;
    return [{ kind: 'application' as const, record, previous: fromHub }];
  });
}

/** The imported permits among `wanted`, as the import last published them, as first seen. */
async function changesOfImported(
  deps: ReconcileDependencies,
  imported: readonly ImportedRecord[],
  wanted: readonly RecordDifference[],
): Promise<PermitChange[]> {
  const importedIds = new Set(imported.map((r) => r.recordId));
  const permits = await readImportedPermits(
    deps.store,
    wanted.filter((d) => importedIds.has(d.recordId)).map((d) => d.recordId),
    deps.agencyId,
  );
  return [...permits.values()].map((record) => ({ kind: 'permit' as const, record, previous: undefined }));
}
