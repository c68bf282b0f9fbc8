import type { SubscriptionChannels } from '../subscriptions/index.js';

export const REPLAY_STATUSES = ['running', 'done', 'failed'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];

/** A replay of a subscription and how far it got. */
export interface Replay {
  readonly id: string;
  readonly subscriptionId: string;
  readonly requestedBy: string;
  readonly fromTime: string | null;
  readonly fromSequence: number | null;
  /** Where the replayed events go: the subscription's channels, or the ones the request named. */
  readonly channels: SubscriptionChannels;
  readonly status: ReplayStatus;
  /** Events selected when the replay started. */
  readonly total: number;
  readonly sent: number;
  /** Events today's policy no longer lets the agency have. */
  readonly withheld: number;
  /** Events the subscription's filters leave out. */
  readonly filtered: number;
  readonly error: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** The webhook queue's subscription id for a replay: its own sequence numbers and de-duplication. */
export function replayQueueId(subscriptionId: string, replayId: string): string {
  return `${subscriptionId}:replay:${replayId}`;
}
