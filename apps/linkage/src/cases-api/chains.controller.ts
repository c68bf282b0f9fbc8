import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiAccessLog, Caller, LinkageApi, markRecorded, type LinkageCaller } from '../api-access/index.js';
import { chainDetailJson, GetChainHandler } from './get-chain/get-chain.handler.js';

/**
 * `GET /v1/chains/:subject`: one person's chain with the decisions and cases about them (purpose
 * required, audited: the access-log row is written by the chain's read itself).
 */
@Controller('v1/chains')
@LinkageApi()
export class ChainsController {
  constructor(
    private readonly handler: GetChainHandler,
    private readonly log: ApiAccessLog,
  ) {}

  @Get(':subject')
  @Header('Content-Type', 'application/json; charset=utf-8')
  async get(@Param('subject') subject: string, @Caller() caller: LinkageCaller, @Req() request: Request): Promise<string> {
    const detail = await this.handler.get(subject, caller, this.log.accessOf(request, 200, 1));
    markRecorded(request);
    return chainDetailJson(detail);
  }
}
