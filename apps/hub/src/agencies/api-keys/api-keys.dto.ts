import { IsOptional, IsString, Matches } from 'class-validator';

/** `POST /v1/admin/agencies/{id}/api-keys`: a new API key, valid until `expiresAt` (default: one year). */
export class CreateApiKeyDto {
  /** RFC 3339 with a time zone, in the future, e.g. `2027-01-31T00:00:00+08:00`. */
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'expiresAt must be an RFC 3339 time with a time zone, e.g. 2027-01-31T00:00:00+08:00',
  })
  expiresAt?: string;
}
