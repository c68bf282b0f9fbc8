import { IsGbT2260Region } from '../validation/rules.js';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';

/**
 * The envelope every event travels in: CloudEvents 1.0 attributes (structured JSON mode) plus the
 * hub's extensions. `data` is validated separately against the contract that `type` names.
 */
export class EventEnvelope<TData = unknown> {
  @IsIn(['1.0'])
  specversion: '1.0';

  /** Event id chosen by the publisher; the hub stores an id once, however often it is sent. */
  @IsUUID()
  id: string;

  /** Event type, e.g. `work-permit.issued`. */
  @IsString()
  type: string;

  /** Where the event comes from, e.g. `urn:hub:agency:bureau-310000`. */
  @Matches(/^urn:hub:agency:[a-z]+(-\d{6})?$/, { message: '$property must look like urn:hub:agency:bureau-310000' })
  source: string;

  /** Stable subject id; the hub derives it from the holder's identifiers when left out. */
  @IsOptional()
  @Matches(/^sub_[0-9a-f]{32}$/, { message: '$property must be a hub subject id (sub_ + 32 hex digits)' })
  subject?: string;

  /** When the fact happened, RFC 3339. */
  @IsISO8601({ strict: true })
  time: string;

  @IsOptional()
  @IsIn(['application/json'])
  datacontenttype?: 'application/json';

  @IsOptional()
  @IsString()
  @MaxLength(500)
  dataschema?: string;

  /** Publishing agency, e.g. `bureau-310000`. */
  @Matches(/^[a-z]+(-\d{6})?$/, { message: '$property must be an agency id such as bureau-310000' })
  agency: string;

  /** GB/T 2260 six-digit administrative division the event concerns. */
  @IsGbT2260Region()
  region: string;

  /** Contract version of `data`. */
  @IsInt()
  @Min(1)
  contractversion: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: '$property must be 1–128 letters, digits or . _ : -' })
  correlationid?: string;

  @IsOptional()
  @IsUUID()
  causationid?: string;

  /** W3C trace context. */
  @IsOptional()
  @Matches(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, { message: '$property must be a W3C traceparent' })
  traceparent?: string;

  /** Publisher's signature (checked by the identity module). */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  signature?: string;

  @IsObject()
  data: TData;
}
