import { IsString, Length } from 'class-validator';

/** `POST /v1/admin/agencies/{id}/reactivate`: why the suspension ends (kept in the audit trail). */
export class ReactivateAgencyDto {
  @IsString()
  @Length(1, 500)
  reason: string;
}
