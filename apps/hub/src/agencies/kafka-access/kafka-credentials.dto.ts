import { IsBoolean, IsOptional } from 'class-validator';
import { AbsentBodyIsEmpty } from '../../kernel/index.js';

/** `POST /v1/admin/agencies/{id}/kafka-credentials`: a new password; `kafkaPublishing` grants or withdraws publishing over Kafka. */
@AbsentBodyIsEmpty()
export class RotateKafkaCredentialsDto {
  /** true: the agency may write its outbound topic and read its outcomes topic; false: no longer; absent: unchanged. */
  @IsOptional()
  @IsBoolean()
  kafkaPublishing?: boolean;
}
