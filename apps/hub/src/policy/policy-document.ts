import { AGENCY_KINDS, type AgencyKind } from '@hub/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** An event type (`work-permit.issued`) or every type of a domain (`work-permit.*`). */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.([a-z][a-z0-9-]*|\*)$/;
/** A purpose or legal-basis tag, as the audit trail takes it (e.g. `exit-entry-administration`). */
export const PURPOSE_PATTERN = /^[a-z0-9][a-z0-9._:/-]{0,127}$/;
/** A path under an event's `data` (`holder.passportNo`); `*` as the last segment takes the whole subtree. */
const FIELD_PATTERN = /^(\*|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*(\.\*)?)$/;

/** `own-province`: only events whose region lies in the agency's province; `any`: every region (national agencies). */
export const REGION_SCOPES = ['own-province', 'any'] as const;
export type RegionScope = (typeof REGION_SCOPES)[number];

/** Who may subscribe to which event types, and why. */
export class SubscribeGrant {
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(AGENCY_KINDS, { each: true })
  agencyKinds: AgencyKind[];

  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @Matches(EVENT_TYPE_PATTERN, { each: true, message: 'each of eventTypes must be an event type (domain.fact) or domain.*' })
  eventTypes: string[];

  /** The purpose or legal basis the grant rests on; every decision under it carries this tag. */
  @IsString()
  @Matches(PURPOSE_PATTERN, { message: 'purpose must be a lower-case tag such as exit-entry-administration' })
  purpose: string;

  /** Why the grant exists, for reviewers. */
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

/** Who may publish which event types, for which regions, and why. */
export class PublishGrant extends SubscribeGrant {
  @IsIn(REGION_SCOPES)
  regions: RegionScope;
}

/**
 * The fields a subscriber kind receives, applied by delivery: the envelope (id, type, time,
 * agency, region, subject id …) always, plus the listed paths under `data`. With
 * `rawIdentifiers: false`, delivery also strips raw identifiers (passport numbers, names, birth
 * dates, permit, card and visa numbers) wherever the fields would take them.
 */
export class Projection {
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'name must be 1–64 characters a-z, 0-9 or -, starting with a letter' })
  name: string;

  @IsArray()
  @IsIn(AGENCY_KINDS, { each: true })
  subscriberKinds: AgencyKind[];

  @IsBoolean()
  rawIdentifiers: boolean;

  /**
   * With `rawIdentifiers: false`, whether the agencies' own document numbers (permit, notice, visa
   * and card numbers) are kept all the same; left out, they go with the raw identifiers. The linkage
   * service links one person's permits, cards and residence by them without any passport number.
   */
  @IsOptional()
  @IsBoolean()
  documentNumbers?: boolean;

  /**
   * With `rawIdentifiers: false`, the event types (or `domain.*`) whose raw identifiers the kind
   * receives all the same, because it must name the person in an event it publishes from them (the
   * linkage service publishes credit.commitment-breached from work-permit.commitment-verified).
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(EVENT_TYPE_PATTERN, { each: true, message: 'each of rawIdentifiersIn must be an event type (domain.fact) or domain.*' })
  rawIdentifiersIn?: string[];

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(FIELD_PATTERN, { each: true, message: 'each of fields must be a path under data such as holder.passportNo, or *' })
  fields: string[];

  @IsString()
  @Length(1, 1000)
  description: string;
}

/**
 * The sharing policy, versioned and reviewed in git (`config/policy/policy.v<N>.json`). Deny by
 * default: an agency may publish or subscribe to an event type only under a grant naming its kind.
 */
export class PolicyDocument {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;

  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;

  /** Always `deny`: written out so that a reader of the file sees it. */
  @IsIn(['deny'])
  default: 'deny';

  @IsDefined()
  @IsArray()
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => PublishGrant)
  publish: PublishGrant[];

  @IsDefined()
  @IsArray()
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => SubscribeGrant)
  subscribe: SubscribeGrant[];

  @IsDefined()
  @IsArray()
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => Projection)
  projections: Projection[];
}
