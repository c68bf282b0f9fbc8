import type { InboundRecord } from '@hub/agency-kit';
import type { DeadLetterEntry, KafkaBatchMessage } from '@hub/messaging';
import type { ChainEvent } from '../chain/person-chain.types.js';

/** Codes of events the linkage core cannot use, beside @hub/agency-kit's DEAD_LETTER_CODES. */
export const LINKAGE_DEAD_LETTER_CODES = {
  /** applyEvent refused the event (e.g. its subject is not the chain's). */
  chainFoldFailed: 'CHAIN_FOLD_FAILED',
  /** The rules failed on the person's chain with this event: the event is parked, the chain left as it was. */
  ruleEvaluationFailed: 'RULE_EVALUATION_FAILED',
} as const;

export type LinkageRecord = InboundRecord<ChainEvent>;

/** A record as a dead letter of `topic`/`partition`, with its code and reason. */
export function deadLetterOf(
  where: { topic: string; partition: number },
  message: KafkaBatchMessage,
  code: string,
  reason: string,
): DeadLetterEntry {
  return {
    topic: where.topic,
    partition: where.partition,
    offset: message.offset,
    key: message.key,
    payload: message.value?.toString('utf8') ?? '',
    headers: message.headers,
    errorCode: code,
    errorMessage: reason,
  };
}
