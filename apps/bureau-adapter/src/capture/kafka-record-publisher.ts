import type { OutboundRecord } from '@hub/agency-kit';
import { ValidationFailedError, validateEvent } from '@hub/contracts';
import type { SignEventOptions } from '@hub/identity';
import { applicationEvents, signApplicationEvents } from '../applications/application-events.js';
import { permitEvents, signPermitEvents, type PermitEventContext } from '../permits/permit-events.js';
import type { LocalRefusal, PublishedRecord, RecordChange, RecordPublisher, PublishedEvent } from './sync-ports.js';

/** What the publisher sends through: AgencyOutboundPublisher (the agency's outbound topic, acks=all). */
export interface OutboundSink {
  publish(records: readonly OutboundRecord[]): Promise<void>;
}

/** A signed event of either kind. */
type SignedRecordEvent = OutboundRecord['event'] & { readonly id: string; readonly type: string };

/**
 * Permit and application changes → their `work-permit.*` events (permitEvents, applicationEvents:
 * deterministic ids, recordid and recordversion set) → checked against the contracts → signed with
 * the bureau's key → the bureau's outbound topic, keyed by record id so one record's events keep
 * their order. A record whose events break a contract is not sent: it comes back as a refusal
 * naming the field paths and rules, as the hub would have answered.
 */
export class KafkaRecordPublisher implements RecordPublisher {
  constructor(
    private readonly outbound: OutboundSink,
    private readonly context: PermitEventContext,
    private readonly signing: SignEventOptions,
  ) {}

  async publish(changes: readonly RecordChange[]): Promise<{ published: PublishedEvent[]; refused: LocalRefusal[] }> {
    const published: PublishedEvent[] = [];
    const refused: LocalRefusal[] = [];
    const records: OutboundRecord[] = [];
    for (const change of changes) {
      const events = this.signedEventsOf(change);
      const refusal = contractRefusal(change, events);
      if (refusal) {
        refused.push(refusal);
        continue;
      }
      const { record } = change;
      for (const event of events) {
        records.push({ event, key: record.recordId });
        published.push({ eventId: event.id, recordId: record.recordId, recordVersion: record.version, type: event.type });
      }
    }
    await this.outbound.publish(records);
    return { published, refused };
  }

  /** The change's events, signed (a refused record's signatures are simply not used). */
  private signedEventsOf(change: RecordChange): SignedRecordEvent[] {
    return change.kind === 'permit'
      ? signPermitEvents(permitEvents(change.record, change.previous, this.context), this.signing)
      : signApplicationEvents(applicationEvents(change.record, change.previous, this.context), this.signing);
  }
}

/** The first event of the record that breaks its contract, as a refusal; undefined when all pass. */
function contractRefusal(change: RecordChange, events: readonly SignedRecordEvent[]): LocalRefusal | undefined {
  for (const event of events) {
    try {
      validateEvent(event);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      return refusalOf(change.kind, change.record, event.type, error);
    }
  }
  return undefined;
}

function refusalOf(kind: RecordChange['kind'], record: PublishedRecord, eventType: string, error: ValidationFailedError): LocalRefusal {
  const [noun, nounZh] = kind === 'permit' ? ['permit', '许可'] : ['application', '申请'];
  return {
    recordId: record.recordId,
    recordVersion: record.version,
    eventType,
    code: error.code,
    message: `The bureau's ${noun} ${record.recordId} (version ${record.version}) does not make a valid ${eventType} event: ${error.message}`,
    messageZh: `本局${nounZh}记录 ${record.recordId}（版本 ${record.version}）不能生成有效的 ${eventType} 事件：请按所列字段和规则更正后再保存。`,
    issues: error.issues.map((issue) => ({
      path: issue.path,
      rule: issue.rule,
      message: issue.message,
      ...(issue.messageZh ? { messageZh: issue.messageZh } : {}),
    })),
  };
}
