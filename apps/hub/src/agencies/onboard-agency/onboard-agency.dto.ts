import { AGENCY_KINDS, IsInCodeList, PROVINCES, type AgencyKind } from '@hub/contracts';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

/** `POST /v1/admin/agencies`: onboard an agency. The id must fit kind and region (`bureau-310000` ⇔ bureau, 310000). */
export class OnboardAgencyDto {
  /** `<kind>-<province code>` for bureau and psb, the kind alone for national agencies (`mfa`). */
  @IsString()
  @Matches(/^[a-z]+(-\d{6})?$/, { message: 'id must be <kind>-<GB/T 2260 province code> (bureau-310000) or a national kind (mfa)' })
  id: string;

  @IsIn(AGENCY_KINDS)
  kind: AgencyKind;

  /** GB/T 2260 province code for bureau and psb; null or absent for national agencies. */
  @IsOptional()
  @IsString()
  @IsInCodeList(PROVINCES)
  region?: string | null;

  @IsString()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'nameZh must not contain control characters' })
  nameZh: string;

  @IsString()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'nameEn must not contain control characters' })
  nameEn: string;

  /** Who to call about the agency's integration (office, phone or mail). */
  @IsString()
  @Length(1, 500)
  contact: string;

  /** Whether the agency may publish over Kafka (its outbound topic, answered on its outcomes topic); default false. */
  @IsOptional()
  @IsBoolean()
  kafkaPublishing?: boolean;
}
