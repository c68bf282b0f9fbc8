import {
  Body,
  ConflictException,
  Controller,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitReaders } from '../work-permits/get-work-permit/permit-readers.js';
import { DecideReviewHandler } from './decide-review/decide-review.handler.js';
import { parseReviewDecision } from './decide-review/review-decision.js';

/** One residence review as public security's desks see it. */
interface ReviewView {
  readonly caseId: string;
  readonly subjectId: string;
  readonly workPermitNo: string | null;
  readonly state: string;
  readonly openedOn: string | null;
  readonly dueDate: string | null;
  readonly explanation: { readonly zh: string; readonly en: string };
  readonly decision: string | null;
  readonly decidedBy: string | null;
  readonly decisionEventId: string | null;
}

/**
 * Residence reviews, for public security's systems with an API key of READER_API_KEYS:
 * `GET /v1/residence-reviews` (undecided first, by due date) and
 * `POST /v1/residence-reviews/{caseId}/decision` (the officer's decision, published through the hub).
 */
@Controller('v1/residence-reviews')
export class ResidenceReviewsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readers: PermitReaders,
    private readonly decide: DecideReviewHandler,
  ) {}

  @Get()
  async list(@Headers('authorization') authorization: string | undefined): Promise<{ reviews: ReviewView[] }> {
    this.readers.authenticate(authorization);
    const reviews = await this.dataSource.query<ReviewView[]>(
      `SELECT case_id::text AS "caseId", subject_id AS "subjectId", work_permit_no AS "workPermitNo", state,
              to_char(opened_on, 'YYYY-MM-DD') AS "openedOn", to_char(due_date, 'YYYY-MM-DD') AS "dueDate",
              json_build_object('zh', explanation_zh, 'en', explanation_en) AS explanation, decision, decided_by AS "decidedBy",
              decision_event->>'id' AS "decisionEventId"
         FROM residence_reviews ORDER BY decision IS NOT NULL, due_date NULLS LAST, case_id LIMIT 500`,
    );
    return { reviews };
  }

  @Post(':caseId/decision')
  @HttpCode(202)
  async decision(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<{ caseId: string; decision: string; eventId: string; again: boolean }> {
    const desk = this.readers.authenticate(authorization);
    const outcome = await this.decide.execute(caseId, parseReviewDecision(body), desk);
    switch (outcome.outcome) {
      case 'published':
        return { caseId: outcome.caseId, decision: outcome.decision, eventId: outcome.eventId, again: outcome.again };
      case 'no-review':
        throw new NotFoundException(`No residence review ${caseId} has been received from the linkage service.`);
      case 'decided-otherwise':
        throw new ConflictException(
          `Residence review ${caseId} was already decided (${outcome.decision}, event ${outcome.eventId}); a decision is not changed here.`,
        );
      case 'no-holder':
        throw new UnprocessableEntityException(
          `Public security holds no work permit ${outcome.workPermitNo ?? 'of this person'}, so the decision event cannot name the holder; replay the work-permit subscription first.`,
        );
      case 'not-linked':
        throw new ServiceUnavailableException(
          'Decisions are published through the hub: start the adapter with HUB_URL, HUB_API_KEY, SIGNING_KEY and SIGNING_KEY_ID.',
        );
    }
  }
}
