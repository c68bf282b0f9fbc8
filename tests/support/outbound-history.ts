import { agencyInboundTopic, agencyOutboundTopic, agencyOutcomesTopic } from '@hub/messaging';
import { testKafkaClient } from '@hub/testing';

/**
 * Deletes what earlier suites of this run left on an agency's outbound topic (the broker is shared by
 * every suite of a run, and a hub on a new database reads the topic from its beginning in a new
 * group): the suite's own hub then reads only the suite's records. Call it before granting the
 * agency Kafka publishing in the suite's hub; suites run one at a time.
 */
export async function forgetOutboundHistory(agencyId: string): Promise<void> {
  await forgetTopicHistory(agencyOutboundTopic(agencyId));
}

/**
 * The same for an agency's inbound topic: an adapter or service started by the suite in a new group
 * reads the topic from its beginning, and what earlier suites' hubs delivered there (other
 * subscriptions, other keys, sequence numbers with gaps it would wait out) is not the suite's. Call it
 * before the suite's hub routes anything to the agency.
 */
export async function forgetInboundHistory(agencyId: string): Promise<void> {
  await forgetTopicHistory(agencyInboundTopic(agencyId));
}

/**
 * The same for the hub's answers on an agency's outcomes topic: an adapter started by the suite
 * reads them from the beginning in a new group, and earlier suites' outcomes name events by their
 * ids, which a bureau's adapter derives from record id, version and type (deterministic): an earlier
 * suite's refusal of `fwp.permit:2` version 1 would be taken as the hub's answer to this suite's
 * event of the same id. Call it before the suite's adapter starts.
 */
export async function forgetOutcomesHistory(agencyId: string): Promise<void> {
  await forgetTopicHistory(agencyOutcomesTopic(agencyId));
}

async function forgetTopicHistory(topic: string): Promise<void> {
  const admin = testKafkaClient('forget-outbound-history').admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return;
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.deleteTopicRecords({ topic, partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })) });
  } finally {
    await admin.disconnect();
  }
}
