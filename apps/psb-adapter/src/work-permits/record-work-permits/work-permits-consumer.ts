import { SubscriptionConsumer, type SubscriptionSequencesRepository } from '@hub/agency-kit';
import type { DataSource } from 'typeorm';
import { applyPermitEvents, mergeApplied, nothingApplied, type PermitsApplied } from './apply-batch.js';
import type { PermitEvent } from './permit-event.js';
import { readPermitEvent } from './read-permit-event.js';
import type { WorkPermitRecordsRepository } from './work-permit-records.repository.js';

/**
 * The agency kit's subscription consumer made for public security's work-permit records: its
 * reader and its apply step on the adapter's database. The live handler and the dead-letter
 * redrive (API and CLI) consume through it alike.
 */
export function workPermitsConsumer(ports: {
  readonly dataSource: DataSource;
  readonly permits: WorkPermitRecordsRepository;
  readonly sequences: SubscriptionSequencesRepository;
  readonly gapGraceMs: number;
}): SubscriptionConsumer<PermitEvent, PermitsApplied> {
  return new SubscriptionConsumer(
    {
      readEvent: readPermitEvent,
      wording: { recorder: 'public security' },
      eventId: (event) => event.id,
      apply: (tx, events) => applyPermitEvents(tx, events, ports.permits),
      empty: nothingApplied,
      merge: mergeApplied,
    },
    { transaction: (work) => ports.dataSource.transaction(work), sequences: ports.sequences, gapGraceMs: ports.gapGraceMs },
  );
}
