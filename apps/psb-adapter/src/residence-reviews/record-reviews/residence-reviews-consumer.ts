import { SubscriptionConsumer } from '@hub/agency-kit';
import type { DataSource } from 'typeorm';
import { applyReviewEvents, type ReviewsApplied } from './apply-review-events.js';
import { reviewEventReader, type ReviewEvent } from './read-review-event.js';

/**
 * The agency kit's subscription consumer made for the residence reviews the linkage service opens
 * for public security (work-permit records of the same topic it ignores). The live handler and the
 * dead-letter redrive consume through it alike. It tracks no sequence numbers: the work-permit
 * consumer reads the same records and tracks every delivery's, a review's too.
 */
export function residenceReviewsConsumer(ports: {
  readonly dataSource: DataSource;
  readonly agencyId: string;
}): SubscriptionConsumer<ReviewEvent, ReviewsApplied> {
  return new SubscriptionConsumer(
    {
      readEvent: reviewEventReader(ports.agencyId),
      wording: { recorder: 'public security' },
      eventId: (event) => event.id,
      apply: applyReviewEvents,
      empty: () => [],
      merge: (a, b) => [...a, ...b],
    },
    { transaction: (work) => ports.dataSource.transaction(work), sequences: null, gapGraceMs: 0 },
  );
}
