import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { AbsentBodyIsEmpty } from '../kernel/index.js';
import { SubscriptionChannelsDto, type Subscription } from '../subscriptions/index.js';

/** `POST …/replays`: from a time or a sequence number, into the subscription's channels or `into`; no body replays everything. */
@AbsentBodyIsEmpty()
export class ReplayRequestDto {
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'fromTime must be an RFC 3339 time' })
  fromTime?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromSequence?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => SubscriptionChannelsDto)
  into?: SubscriptionChannelsDto;
}

/** The replay request as ReplayService takes it. */
export function replayRequestOf(dto: ReplayRequestDto): { fromTime?: string; fromSequence?: number; into?: Subscription['channels'] } {
  return {
    ...(dto.fromTime === undefined ? {} : { fromTime: dto.fromTime }),
    ...(dto.fromSequence === undefined ? {} : { fromSequence: dto.fromSequence }),
    ...(dto.into === undefined
      ? {}
      : { into: { kafka: dto.into.kafka ?? false, webhook: dto.into.webhook ? { url: dto.into.webhook.url } : null } }),
  };
}
