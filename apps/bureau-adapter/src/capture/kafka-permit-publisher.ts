import type { OutboundRecord } from '@hub/agency-kit';
import { ValidationFailedError, validateEvent } from '@hub/contracts';
import type { SignEventOptions } from '@hub/identity';
import { permitEvents, signPermitEvents, type PermitEvent, type PermitEventContext } from '../permits/permit-events.js';
import type { PermitRecord } from '../permits/permit-record.js';
import type { LocalRefusal, PermitChange, PermitPublisher, PublishedEvent } from './sync-ports.js';

/** What the publisher sends through: AgencyOutboundPublisher (the agency's outbound topic, acks=all). */
export interface OutboundSink {
  publish(records: readonly OutboundRecord[]): Promise<void>;
}

/**
 * Permit changes → their `work-permit.*` events (permitEvents, deterministic ids, recordid and
 * recordversion set) → checked against the contracts → signed with the bureau's key → the bureau's
 * outbound topic, keyed by record id so one permit's events keep their order. A record whose events
 * break a contract is not sent: it comes back as a refusal naming the field paths and rules, as the
 * hub would have answered.
 */
export class KafkaPermitPublisher implements PermitPublisher {
  constructor(
    private readonly outbound: OutboundSink,
    private readonly context: PermitEventContext,
    private readonly signing: SignEventOptions,
  ) {}

  async publish(changes: readonly PermitChange[]): Promise<{ published: PublishedEvent[]; refused: LocalRefusal[] }> {
    const published: PublishedEvent[] = [];
    const refused: LocalRefusal[] = [];
    const records: OutboundRecord[] = [];
    for (const { record, previous } of changes) {
      const events = permitEvents(record, previous, this.context);
      const refusal = contractRefusal(record, events);
      if (refusal) {
        refused.push(refusal);
        continue;
      }
      for (const event of signPermitEvents(events, this.signing)) {
        records.push({ event, key: record.recordId });
        published.push({ eventId: event.id, recordId: record.recordId, recordVersion: record.version, type: event.type });
      }
    }
    await this.outbound.publish(records);
    return { published, refused };
  }
}

/** The first event of the record that breaks its contract, as a refusal; undefined when all pass. */
function contractRefusal(record: PermitRecord, events: readonly PermitEvent[]): LocalRefusal | undefined {
  for (const event of events) {
    try {
      validateEvent(event);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      return {
        recordId: record.recordId,
        recordVersion: record.version,
        eventType: event.type,
        code: error.code,
        message: `The bureau's permit ${record.recordId} (version ${record.version}) does not make a valid ${event.type} event: ${error.message}`,
        messageZh: `本局许可记录 ${record.recordId}（版本 ${record.version}）不能生成有效的 ${event.type} 事件：请按所列字段和规则更正后再保存。`,
        issues: error.issues.map((issue) => ({
          path: issue.path,
          rule: issue.rule,
          message: issue.message,
          ...(issue.messageZh ? { messageZh: issue.messageZh } : {}),
        })),
      };
    }
  }
  return undefined;
}
