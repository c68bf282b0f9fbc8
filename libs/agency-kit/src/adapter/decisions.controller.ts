import { Body, Controller, Headers, HttpCode, Inject, Post, UseGuards, type Type } from '@nestjs/common';
import type { NamedKeyRing } from '../api-keys/named-keys.js';
import { OPERATOR_KEYS, OperatorKeyGuard } from '../api-keys/operator-key.guard.js';
import type { DecisionMapping } from './agency-adapter-definition.js';
import { PublishDecisionHandler, type PublishedDecision } from './publish-decision.handler.js';

/**
 * `POST /<mapping.path>`: a decision of the agency's officers, behind the operator keys, answered
 * 202 with the id of the signed event now on the agency's outbound topic (the hub's answer comes on
 * its outcomes topic); 400 naming each field and rule the decision or its contract event breaks.
 */
export function decisionsController(mapping: DecisionMapping<never>): Type<unknown> {
  @Controller(mapping.path)
  @UseGuards(OperatorKeyGuard)
  class DecisionsController {
    constructor(
      @Inject(PublishDecisionHandler) private readonly handler: PublishDecisionHandler,
      @Inject(OPERATOR_KEYS) private readonly keys: NamedKeyRing | null,
    ) {}

    @Post()
    @HttpCode(202)
    decide(@Body() body: unknown, @Headers('authorization') authorization?: string): Promise<PublishedDecision> {
      return this.handler.execute(mapping, body, this.keys?.nameOf(authorization) ?? 'local-operator');
    }
  }
  return DecisionsController;
}
