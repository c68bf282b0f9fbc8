import { IsDefined, IsObject, IsString, Length } from 'class-validator';

/** `PUT /v1/admin/policy`: a new policy version and why. */
export class ApplyPolicyDto {
  @IsString()
  @Length(1, 1000)
  reason: string;

  /** The whole policy document (as in config/policy/policy.v1.json), with a version higher than the one in force. */
  @IsDefined()
  @IsObject()
  document: Record<string, unknown>;
}
