import { IsIn, IsString, Length } from 'class-validator';
import { RESOLUTIONS, type Resolution } from './record-conflict.js';

/** `POST /v1/admin/record-conflicts/{id}/resolve`. */
export class ResolveConflictDto {
  /** accept-incoming: store the held change, the incoming agency holds the record; keep-current: refuse it. */
  @IsIn(RESOLUTIONS)
  resolution!: Resolution;

  /** Why: kept with the conflict and told to the publisher. */
  @IsString()
  @Length(1, 1000)
  note!: string;
}
