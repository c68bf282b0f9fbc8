import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { agencyKindOf, invalidRequest, isSupervisor, notFound, type LinkageCaller } from '../../api-access/index.js';
import type { TalentCardView, WorkPermitView } from '../../chain/person-chain.types.js';
import { CARD_LOOKUP_OPTIONS, type CardLookupOptions } from '../card-lookup.options.js';
import { shanghaiDay } from '../shanghai-today.js';
import { answerCardLookup, type CardLookupAnswer } from './answer-card-lookup.js';

/** The card look-up's answer, with the holder's subject id for the agencies that act on the person. */
export interface TalentCardAnswer extends CardLookupAnswer {
  readonly holderSubject?: string;
}

/** A card number as the talent-card contracts carry it (ReferenceNo(40)). */
const CARD_NO = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
/** Agency kinds that see whose card it is (they act on the person); others learn only the card's validity. */
const SEE_HOLDER = new Set(['psb', 'bureau']);

interface CardRow {
  subject: string;
  card: TalentCardView | null;
  permit: WorkPermitView | null;
}

/**
 * Finds the chain holding a card through person_chains.card_numbers (GIN index) and answers from it.
 * Only the card and the work permit it names leave the database, not the whole chain. The runtime
 * updates the chain row in the transaction that folds each event, so a suspension or a revoked
 * permit changes the answer as soon as it is received.
 */
@Injectable()
export class LookupTalentCardHandler {
  private readonly today: () => string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CARD_LOOKUP_OPTIONS) options: CardLookupOptions,
  ) {
    this.today = options.today ?? (() => shanghaiDay());
  }

  async lookup(cardNo: string, caller: LinkageCaller): Promise<TalentCardAnswer> {
    if (!CARD_NO.test(cardNo)) {
      throw invalidRequest([
        {
          path: 'cardNo',
          rule: 'matches',
          message: {
            en: 'cardNo must be 1–40 upper-case letters, digits or -, e.g. TC-310000-2026-000078',
            zh: 'cardNo 须为 1–40 位大写字母、数字或 -，如 TC-310000-2026-000078',
          },
        },
      ]);
    }
    const rows = await this.dataSource.query<CardRow[]>(
      // The chain's state is read out once (OFFSET 0 keeps it a subquery), so the card and its permit come from it in memory.
      `SELECT subject, state -> 'talentCards' -> $1 AS card, state -> 'workPermits' -> (state -> 'talentCards' -> $1 ->> 'workPermitNo') AS permit
         FROM (SELECT subject, chain -> 'state' AS state FROM person_chains WHERE card_numbers @> ARRAY[$1::text] OFFSET 0) AS holder
        ORDER BY subject`,
      [cardNo],
    );
    const asOf = this.today();
    for (const row of rows) {
      if (!row.card) continue;
      const permits = row.permit ? { [row.permit.permitNo]: row.permit } : {};
      const answer = answerCardLookup({ talentCards: { [cardNo]: row.card }, workPermits: permits }, cardNo, asOf);
      if (answer) return seesHolder(caller) ? { ...answer, holderSubject: row.subject } : answer;
    }
    throw notFound('CARD_NOT_FOUND', {
      en: `No talent card ${cardNo} has been issued as far as the linkage service knows (it learns of cards from talent-card.issued events). Check the number.`,
      zh: `衔接服务未收到人才服务卡 ${cardNo} 的发放记录（talent-card.issued 事件），请核对卡号。`,
    });
  }
}

function seesHolder(caller: LinkageCaller): boolean {
  return isSupervisor(caller) || SEE_HOLDER.has(agencyKindOf(caller.agency));
}
