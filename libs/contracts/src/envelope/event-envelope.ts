import { IsIn, IsInt, IsObject, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Doc } from '../schema/annotations.js';
import { HasNoControlCharacters, IsAbsoluteUri, IsGbT2260Region, IsRfc3339DateTime, Optional } from '../validation/rules.js';

/**
 * The envelope every event travels in: CloudEvents 1.0 attributes (structured JSON mode) plus the
 * hub's extensions. `data` is validated separately against the contract that `type` names.
 */
@Doc(
  "The hub's event envelope: CloudEvents 1.0 attributes (structured JSON mode) plus the hub's extension attributes",
  '枢纽事件信封：CloudEvents 1.0 属性（结构化 JSON 模式）加枢纽扩展属性',
)
export class EventEnvelope<TData = unknown> {
  @Doc('CloudEvents specification version', 'CloudEvents 规范版本')
  @IsIn(['1.0'])
  specversion: '1.0';

  @Doc(
    'Event id chosen by the publisher (UUID); the hub stores an id once, however often it is sent',
    '发布方生成的事件编号（UUID）；同一编号只存储一次',
  )
  @IsUUID()
  id: string;

  @Doc('Event type, e.g. work-permit.issued', '事件类型，如 work-permit.issued')
  @IsString()
  type: string;

  @Doc('The publishing agency as a URN: urn:hub:agency:<agency>', '发布机构 URN：urn:hub:agency:<机构编号>')
  @Matches(/^urn:hub:agency:[a-z]{2,20}(-\d{6})?$/, { message: '$property must look like urn:hub:agency:bureau-310000' })
  source: string;

  @Doc(
    'Subject id of the person (sub_ + 32 hex digits); the hub derives it from the identifiers in data when left out',
    '人员主体编号（sub_ 加 32 位十六进制）；省略时由枢纽根据数据中的身份信息生成',
  )
  @Optional()
  @Matches(/^sub_[0-9a-f]{32}$/, { message: '$property must be a hub subject id (sub_ + 32 hex digits)' })
  subject?: string;

  @Doc('When the fact happened, RFC 3339 with a time zone', '事实发生时间（RFC 3339，带时区）')
  @IsRfc3339DateTime()
  time: string;

  @Doc('Media type of data; always application/json', 'data 的媒体类型，固定为 application/json')
  @Optional()
  @IsIn(['application/json'])
  datacontenttype?: 'application/json';

  @Doc('URI of the JSON Schema of this event type and version', '该事件类型和版本的 JSON Schema URI')
  @Optional()
  @IsAbsoluteUri()
  @MaxLength(500)
  dataschema?: string;

  @Doc('Publishing agency id, e.g. bureau-310000', '发布机构编号，如 bureau-310000')
  @Matches(/^[a-z]{2,20}(-\d{6})?$/, { message: '$property must be an agency id such as bureau-310000' })
  agency: string;

  @Doc('GB/T 2260 six-digit administrative division the event concerns', '事件所涉行政区划（GB/T 2260 六位代码）')
  @IsGbT2260Region()
  region: string;

  @Doc('Contract version of data', 'data 的契约版本')
  @IsInt()
  @Min(1)
  contractversion: number;

  @Doc('Correlation id shared by every event of one business process', '关联编号：同一业务流程的事件共用')
  @Optional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: '$property must be 1–128 letters, digits or . _ : -' })
  correlationid?: string;

  @Doc('Id of the event that caused this one', '引发本事件的事件编号')
  @Optional()
  @IsUUID()
  causationid?: string;

  @Doc('W3C trace context (traceparent)', 'W3C 链路追踪上下文（traceparent）')
  @Optional()
  @Matches(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, { message: '$property must be a W3C traceparent' })
  traceparent?: string;

  @Doc(
    "The publisher's own id of the record the event changes (e.g. the bureau's permit row id); shown in the hub's conflict queue",
    '发布方自身系统中该记录的编号（如外专局许可证记录编号）；在枢纽冲突队列中显示',
  )
  @Optional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: '$property must be 1–128 letters, digits or . _ : -' })
  recordid?: string;

  @Doc(
    "The publisher's version of the record after this change (integer ≥ 1, rising with every change); the hub refuses a version lower than the one it holds",
    '本次变更后发布方记录的版本号（≥ 1 的整数，每次变更递增）；低于枢纽所持版本的变更将被拒绝',
  )
  @Optional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  recordversion?: number;

  @Doc("The publishing agency's signature over the canonical form of the event", '发布机构对事件规范化形式的签名')
  @Optional()
  @IsString()
  @MaxLength(4096)
  @HasNoControlCharacters()
  signature?: string;

  @Doc('The payload, as the contract named by type and contractversion defines it', '业务数据，按 type 与 contractversion 指定的契约')
  @IsObject()
  data: TData;
}
