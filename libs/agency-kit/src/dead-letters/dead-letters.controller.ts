import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, UseGuards, type Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { NamedKeyRing } from '../api-keys/named-keys.js';
import { OPERATOR_KEYS, OperatorKeyGuard } from '../api-keys/operator-key.guard.js';
import {
  DeadLetterNotFoundError,
  readDeadLetterId,
  readDiscardRequest,
  readListLimit,
  readRedriveRequest,
} from './dead-letter-requests.js';
import {
  discardDeadLetter,
  listDeadLetters,
  readDeadLetter,
  redriveDeadLetters,
  type DeadLetterView,
  type DiscardedDeadLetter,
  type RedriveResult,
  type Redriving,
} from './dead-letters.js';

/** Where an adapter keeps its dead letters and what consumes them again: provide it under DEAD_LETTERS. */
export interface DeadLetterStore {
  /** The database holding `dead_letters` (and the inbox the consumer admits to). */
  readonly db: DataSource;
  readonly redriving: Redriving;
}

export const DEAD_LETTERS = Symbol('DEAD_LETTERS');

/**
 * An adapter's dead-letter API under `path` (e.g. `v1/dead-letters`), behind its operator keys
 * (OPERATOR_KEYS must be resolvable where the controller is declared):
 * `GET {path}?limit=100` the dead letters held, newest first, with code and reason (not the payload);
 * `GET {path}/{id}` one of them (404 when it is no longer held);
 * `POST {path}/redrive` with `{ "ids": [...] }` (or `{}` for all) consumes them again through the
 * adapter's consumer; `POST {path}/{id}/discard` with `{ "reason": "…" }` gives one up, kept with the
 * reason and the name of the operator key that did it.
 */
export function deadLettersController(path: string): Type<unknown> {
  @Controller(path)
  @UseGuards(OperatorKeyGuard)
  class DeadLettersController {
    constructor(
      @Inject(DEAD_LETTERS) private readonly store: DeadLetterStore,
      @Inject(OPERATOR_KEYS) private readonly keys: NamedKeyRing | null,
    ) {}

    @Get()
    async list(@Query('limit') limit?: string): Promise<{ deadLetters: DeadLetterView[] }> {
      return { deadLetters: await listDeadLetters(this.store.db, readListLimit(limit)) };
    }

    @Get(':id')
    async one(@Param('id') id: string): Promise<DeadLetterView> {
      const deadLetter = readDeadLetterId(id);
      const view = await readDeadLetter(this.store.db, deadLetter);
      if (!view) throw new DeadLetterNotFoundError(deadLetter);
      return view;
    }

    @Post('redrive')
    @HttpCode(200)
    redrive(@Body() body: unknown): Promise<RedriveResult> {
      return redriveDeadLetters(this.store.db, this.store.redriving, readRedriveRequest(body));
    }

    @Post(':id/discard')
    @HttpCode(200)
    async discard(
      @Param('id') id: string,
      @Body() body: unknown,
      @Headers('authorization') authorization?: string,
    ): Promise<DiscardedDeadLetter> {
      const deadLetter = readDeadLetterId(id);
      const { reason } = readDiscardRequest(body);
      // Without operator keys the API listens on loopback only, and the operator has no name here.
      const by = this.keys?.nameOf(authorization) ?? 'local-operator';
      const discarded = await discardDeadLetter(this.store.db, deadLetter, reason, by);
      if (!discarded) throw new DeadLetterNotFoundError(deadLetter);
      return discarded;
    }
  }
  return DeadLettersController;
}
