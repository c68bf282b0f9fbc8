import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findContract, versionsOf, type EventEnvelope } from '@hub/contracts';
import type { Agency } from '../apps/hub/src/agencies/agency.js';
import { readPolicy } from '../apps/hub/src/policy/read-policy.js';
import { inboundRecord } from '../apps/hub/src/routing/emit-routes.js';
import { routeEvent } from '../apps/hub/src/routing/route-event.js';
import { deriveSubjectId, subjectIdKey } from '../apps/hub/src/subjects/index.js';
import type { Subscription } from '../apps/hub/src/subscriptions/index.js';
import { LINKAGE_SUBSCRIPTION } from '../apps/linkage/src/ingest/linkage-subscription.js';
import { generateLinkageDemo } from '../scripts/linkage-demo/demo-data-set.js';

/** One Kafka record of `agency.linkage.inbound`, as the hub's dispatcher writes it. */
export interface InboundDelivery {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

const LINKAGE_AGENCY: Agency = {
  id: 'linkage',
  kind: 'linkage',
  region: null,
  nameZh: '衔接服务',
  nameEn: 'Linkage service',
  contact: 'bench@example.invalid',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/**
 * The seeded demo data set (`people` principals and their families, seed `seed`) as the hub delivers
 * it to the linkage agency's subscription: each event completed as the hub completes it (subject id
 * derived from the person's identifiers, correlation id, trace, content type), routed under the
 * shipped policy (converted to the subscribed version, cut to the linkage projection) and turned into
 * the dispatcher's Kafka record (keyed by subject, the hub's headers, the subscription id and its
 * sequence numbers 1, 2, 3 … in delivery order). Events the subscription does not take are left out.
 */
export function linkageDeliveries(
  root: string,
  people: number,
  seed: number,
): { deliveries: InboundDelivery[]; subscriptionId: string; people: number } {
  const policy = readPolicy(JSON.parse(readFileSync(join(root, 'config/policy/policy.v1.json'), 'utf8')));
  const subscription: Subscription = {
    id: randomUUID(),
    agency: LINKAGE_AGENCY.id,
    name: LINKAGE_SUBSCRIPTION.name,
    eventTypes: LINKAGE_SUBSCRIPTION.eventTypes.map(({ type }) => ({ type, version: versionsOf(type).at(-1)?.version ?? 1 })),
    filters: {},
    channels: { kafka: true, webhook: null },
    purpose: 'linkage-supervision',
    status: 'active',
    createdBy: 'bench',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const key = subjectIdKey('linkage-bench-subject-key-0123456789abcdef');
  const data = generateLinkageDemo({ people, seed });
  const deliveries: InboundDelivery[] = [];
  for (const { event } of data.events) {
    const envelope = event as unknown as EventEnvelope<object> & { correlationid?: string; subject?: string };
    const contract = findContract(envelope.type, envelope.contractversion);
    if (!contract) throw new Error(`the demo made an event the catalogue does not know: ${envelope.type} v${envelope.contractversion}`);
    const subject = contract.identify ? deriveSubjectId(contract.identify(envelope.data), key) : envelope.subject;
    if (!subject) throw new Error(`the demo's ${envelope.type} ${envelope.id} names no person`);
    const traceparent = `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`;
    const correlationId = envelope.correlationid ?? randomUUID();
    const canonical = { ...envelope, subject, correlationid: correlationId, traceparent, datacontenttype: 'application/json' as const };
    const { routes } = routeEvent(canonical, 'commit', [subscription], () => LINKAGE_AGENCY, policy);
    for (const route of routes) {
      const record = inboundRecord(
        route,
        { eventId: envelope.id, subject, correlationId, traceparent },
        { 'hub-sequence': String(deliveries.length + 1) },
      );
      deliveries.push({ key: record.key, value: record.payload, headers: record.headers });
    }
  }
  return { deliveries, subscriptionId: subscription.id, people: data.people + data.familyMembers };
}
