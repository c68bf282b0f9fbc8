import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgencyOutboundPublisher, type SignedEvent } from '@hub/agency-kit';
import { DataSource } from 'typeorm';
import { PsbAdapterConfig } from '../../config/psb-adapter-config.js';
import { decisionEvent, type ReviewHolder } from './decision-event.js';
import type { ReviewDecision } from './review-decision.js';

/** The publisher of public security's own events (its outbound topic), or null when the adapter has no hub link. */
export const PSB_OUTBOUND = Symbol('PSB_OUTBOUND');

export type DecideOutcome =
  | { readonly outcome: 'published'; readonly caseId: string; readonly decision: string; readonly eventId: string; readonly again: boolean }
  | { readonly outcome: 'no-review' }
  | { readonly outcome: 'decided-otherwise'; readonly decision: string; readonly eventId: string }
  | { readonly outcome: 'no-holder'; readonly workPermitNo: string | null }
  | { readonly outcome: 'not-linked' };

interface ReviewRow {
  subject_id: string;
  region: string;
  work_permit_no: string | null;
  decision: string | null;
  decision_event: (SignedEvent & { id: string }) | null;
}

/**
 * An officer's decision on a residence review: the `residence-permit.<decision>` event (the holder
 * as public security recorded them with the work permit), checked against its contract, signed with
 * the agency's key and kept on the review in one transaction; then published on the agency's
 * outbound topic (keyed by subject, so it follows the person's earlier events). The same decision
 * posted again publishes the kept event again (the hub stores it once); another one is refused.
 */
@Injectable()
export class DecideReviewHandler {
  private readonly logger = new Logger(DecideReviewHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: PsbAdapterConfig,
    @Inject(PSB_OUTBOUND) private readonly outbound: AgencyOutboundPublisher | null,
  ) {}

  async execute(caseId: string, decision: ReviewDecision, decidedBy: string): Promise<DecideOutcome> {
    const link = this.config.hubLink();
    if (!link || !this.outbound) return { outcome: 'not-linked' };
    const kept = await this.dataSource.transaction(
      async (tx): Promise<DecideOutcome | { event: SignedEvent & { id: string }; subject: string; again: boolean }> => {
        const [review] = await tx.query<ReviewRow[]>(
          'SELECT subject_id, region, work_permit_no, decision, decision_event FROM residence_reviews WHERE case_id = $1 FOR UPDATE',
          [caseId],
        );
        if (!review) return { outcome: 'no-review' };
        if (review.decision_event) {
          if (review.decision !== decision.decision)
            return { outcome: 'decided-otherwise', decision: review.decision ?? '', eventId: review.decision_event.id };
          return { event: review.decision_event, subject: review.subject_id, again: true };
        }
        const holder = await this.holderOf(tx, review);
        if (!holder) return { outcome: 'no-holder', workPermitNo: review.work_permit_no };
        const event = link.signer.signedEvent(
          decisionEvent(
            { caseId, region: holder.region, workPermitNo: review.work_permit_no, holder: holder.holder },
            decision,
            new Date(),
          ),
        );
        await tx.query(
          `UPDATE residence_reviews SET decision = $2, decided_by = $3, decided_at = now(), decision_event = $4 WHERE case_id = $1`,
          [caseId, decision.decision, decidedBy, JSON.stringify(event)],
        );
        return { event, subject: review.subject_id, again: false };
      },
    );
    if ('outcome' in kept) return kept;
    await this.outbound.publish([{ event: kept.event, key: kept.subject }]);
    this.logger.log({
      message: 'residence review decided and published',
      caseId,
      decision: decision.decision,
      eventId: kept.event.id,
      decidedBy,
    });
    return { outcome: 'published', caseId, decision: decision.decision, eventId: kept.event.id, again: kept.again };
  }

  /** The holder of the work permit the review follows (else the subject's latest permit), as public security recorded them. */
  private async holderOf(
    tx: { query: DataSource['query'] },
    review: ReviewRow,
  ): Promise<{ holder: ReviewHolder; region: string } | undefined> {
    const [row] = await tx.query<{ passport_no: string; nationality: string; birth_date: string; holder_name: string; region: string }[]>(
      `SELECT passport_no, nationality, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, holder_name, region FROM work_permits
        WHERE permit_no = $1 OR ($1::text IS NULL AND subject_id = $2) ORDER BY event_time DESC LIMIT 1`,
      [review.work_permit_no, review.subject_id],
    );
    if (!row) return undefined;
    return {
      holder: { passportNo: row.passport_no, nationality: row.nationality, birthDate: row.birth_date, name: row.holder_name },
      region: row.region,
    };
  }
}
