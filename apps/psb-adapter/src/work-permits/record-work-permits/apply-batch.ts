import type { InboundEvent } from '@hub/agency-kit';
import type { EntityManager } from 'typeorm';
import { applyPermitEvent } from './apply-permit-event.js';
import type { PermitEvent, PermitRecord } from './permit-event.js';
import type { WorkPermitRecordsRepository } from './work-permit-records.repository.js';

/** What applying the new events of a batch did to public security's permit records. */
export interface PermitsApplied {
  /** Events applied now, in order. */
  readonly applied: readonly { readonly id: string; readonly correlationId: string }[];
  /** Events older than the record they would change. */
  readonly older: number;
  /** Ids of changes to permits without a record. */
  readonly withoutPermit: readonly string[];
}

/**
 * Applies events seen for the first time (the agency kit's consumer admitted them to the inbox in
 * this transaction), in order, onto their permits' locked records, and saves the changed records.
 */
export async function applyPermitEvents(
  tx: EntityManager,
  events: readonly InboundEvent<PermitEvent>[],
  permits: Pick<WorkPermitRecordsRepository, 'lockPermits' | 'savePermits'>,
): Promise<PermitsApplied> {
  const current = await permits.lockPermits(
    tx,
    events.map(({ event }) => event.permitNo),
  );
  const changed = new Map<string, PermitRecord>();
  const applied: { id: string; correlationId: string }[] = [];
  const withoutPermit: string[] = [];
  let older = 0;
  for (const { event } of events) {
    const result = applyPermitEvent(changed.get(event.permitNo) ?? current.get(event.permitNo), event);
    if (result.outcome === 'applied') {
      changed.set(event.permitNo, result.record);
      applied.push({ id: event.id, correlationId: event.correlationId });
    } else if (result.outcome === 'older') older += 1;
    else withoutPermit.push(event.id);
  }
  await permits.savePermits(tx, [...changed.values()]);
  return { applied, older, withoutPermit };
}

export function nothingApplied(): PermitsApplied {
  return { applied: [], older: 0, withoutPermit: [] };
}

export function mergeApplied(a: PermitsApplied, b: PermitsApplied): PermitsApplied {
  return { applied: [...a.applied, ...b.applied], older: a.older + b.older, withoutPermit: [...a.withoutPermit, ...b.withoutPermit] };
}
