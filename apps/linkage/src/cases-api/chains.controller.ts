import { Controller, Get, Param } from '@nestjs/common';
import { Caller, LinkageApi, type LinkageCaller } from '../api-access/index.js';
import { GetChainHandler, type ChainDetail } from './get-chain/get-chain.handler.js';

/** `GET /v1/chains/:subject`: one person's chain with the decisions and cases about them (purpose required, audited). */
@Controller('v1/chains')
@LinkageApi()
export class ChainsController {
  constructor(private readonly handler: GetChainHandler) {}

  @Get(':subject')
  get(@Param('subject') subject: string, @Caller() caller: LinkageCaller): Promise<ChainDetail> {
    return this.handler.get(subject, caller);
  }
}
