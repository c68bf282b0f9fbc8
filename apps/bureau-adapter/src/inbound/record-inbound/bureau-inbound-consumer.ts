import { SubscriptionConsumer, SubscriptionSequencesRepository } from '@hub/agency-kit';
import type { DataSource } from 'typeorm';
import { applyInboundEvents, mergeApplied, nothingApplied, type InboundApplied } from './apply-inbound-events.js';
import type { InboundEvent } from './inbound-event.js';
import { readInboundEvent } from './read-inbound-event.js';

/** The agency kit's subscription consumer, made for the bureau: its reader and its tables under `hub_inbound` (db: inboundDataSource). */
export function bureauInboundConsumer(db: DataSource, gapGraceMs: number): SubscriptionConsumer<InboundEvent, InboundApplied> {
  return new SubscriptionConsumer(
    {
      readEvent: readInboundEvent,
      wording: { recorder: 'the bureau' },
      eventId: (event) => event.id,
      apply: applyInboundEvents,
      empty: nothingApplied,
      merge: mergeApplied,
    },
    { transaction: (work) => db.transaction(work), sequences: new SubscriptionSequencesRepository(), gapGraceMs },
  );
}
