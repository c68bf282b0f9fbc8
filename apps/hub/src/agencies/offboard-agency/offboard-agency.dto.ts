import { IsString, Length } from 'class-validator';

/** `POST /v1/admin/agencies/{id}/offboard`: why the agency leaves the hub (kept in the audit trail). */
export class OffboardAgencyDto {
  @IsString()
  @Length(1, 500)
  reason: string;
}
