import { WEBHOOK_SECRET_PATTERN } from '@hub/delivery';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { AbsentBodyIsEmpty } from '../kernel/index.js';

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
const PURPOSE = /^[a-z0-9][a-z0-9._:/-]{0,127}$/;

/** `region`, another envelope attribute, or a path under `data` (`data.employer.creditCode`). */
export const ATTRIBUTE_PATH = /^(region|type|agency|contractversion|data(\.[A-Za-z][A-Za-z0-9]{0,63}){1,6})$/;

export class SubscribedTypeDto {
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, { message: 'type must be an event type such as work-permit.issued' })
  type: string;

  /** The contract version to receive events in; the newest when left out. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  version?: number;
}

/** A text for `equals` and `prefix`, a list of 1–100 texts for `in`; each 1–200 characters. */
function IsConditionValue(options?: ValidationOptions): PropertyDecorator {
  const text = (value: unknown): boolean =>
    typeof value === 'string' && value.length >= 1 && value.length <= 200 && NO_CONTROL_CHARACTERS.test(value);
  return ValidateBy(
    {
      name: 'isConditionValue',
      validator: {
        validate: (value: unknown, args) => {
          const op = (args?.object as { op?: unknown } | undefined)?.op;
          return op === 'in' ? Array.isArray(value) && value.length >= 1 && value.length <= 100 && value.every(text) : text(value);
        },
        defaultMessage: () => 'value must be a text of 1–200 characters (a list of 1–100 such texts for op "in")',
      },
    },
    options,
  );
}

export class AttributeConditionDto {
  @IsString()
  @Matches(ATTRIBUTE_PATH, {
    message: 'path must be region, type, agency, contractversion or a path under data such as data.employer.creditCode',
  })
  path: string;

  @IsIn(['equals', 'in', 'prefix'])
  op: 'equals' | 'in' | 'prefix';

  @IsConditionValue()
  value: string | string[];
}

export class SubscriptionFiltersDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^\d{6}$/, {
    each: true,
    message: 'each of regions must be a six-digit GB/T 2260 code (a province or prefecture code takes the regions within it)',
  })
  regions?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 10, { each: true })
  permitClasses?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 10, { each: true })
  visaCategories?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttributeConditionDto)
  attributes?: AttributeConditionDto[];
}

export class WebhookChannelDto {
  @IsString()
  @Length(1, 2000)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'url must be an https:// URL' })
  url: string;

  /** The Standard Webhooks secret (`whsec_` + base64 of 24–66 bytes) for `v1` signatures; the hub makes one when left out. */
  @IsOptional()
  @IsString()
  @Matches(WEBHOOK_SECRET_PATTERN, { message: 'secret must be whsec_ followed by the base64 of 24 to 66 random bytes' })
  secret?: string;
}

/** `POST /v1/subscriptions/{id}/webhook-secret`: the new secret, or one the hub makes. */
/** `{}` or no body at all: the hub makes the secret. */
@AbsentBodyIsEmpty()
export class RotateWebhookSecretDto {
  @IsOptional()
  @IsString()
  @Matches(WEBHOOK_SECRET_PATTERN, { message: 'secret must be whsec_ followed by the base64 of 24 to 66 random bytes' })
  secret?: string;
}

export class SubscriptionChannelsDto {
  @IsOptional()
  @IsBoolean()
  kafka?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookChannelDto)
  webhook?: WebhookChannelDto;
}

/** `POST /v1/subscriptions`. */
export class CreateSubscriptionDto {
  @IsString()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'name must not contain control characters' })
  name: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SubscribedTypeDto)
  eventTypes: SubscribedTypeDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => SubscriptionFiltersDto)
  filters?: SubscriptionFiltersDto;

  @ValidateNested()
  @Type(() => SubscriptionChannelsDto)
  channels: SubscriptionChannelsDto;

  /** The legal basis; must be the purpose policy grants the agency for these types (taken from policy when left out). */
  @IsOptional()
  @IsString()
  @Matches(PURPOSE, { message: 'purpose must be a purpose tag such as exit-entry-administration' })
  purpose?: string;
}
