import { Controller, Get, Param } from '@nestjs/common';
import { Caller, LinkageApi, type LinkageCaller } from '../api-access/index.js';
import { LookupTalentCardHandler, type TalentCardAnswer } from './lookup-talent-card/lookup-talent-card.handler.js';

/**
 * `GET /v1/talent-cards/:cardNo`: is this card valid today (Asia/Shanghai), which tier, which
 * services, and why; for any agency's key. Purpose required, every call recorded.
 */
@Controller('v1/talent-cards')
@LinkageApi()
export class TalentCardsController {
  constructor(private readonly handler: LookupTalentCardHandler) {}

  @Get(':cardNo')
  get(@Param('cardNo') cardNo: string, @Caller() caller: LinkageCaller): Promise<TalentCardAnswer> {
    return this.handler.lookup(cardNo, caller);
  }
}
