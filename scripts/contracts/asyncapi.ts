import { CANONICAL_TOPICS, EVENT_CATALOGUE, exampleEvent, KAFKA_HEADERS, type EventContract } from '@hub/contracts';
import { schemaPath } from './paths.js';

type Node = Record<string, unknown>;

/** Message id in the AsyncAPI document: `work-permit.issued.v1`. */
export function messageId(contract: EventContract): string {
  return `${contract.type}.v${contract.version}`;
}

/** Channel id in the AsyncAPI document: the key of CANONICAL_TOPICS (`workPermit`). */
function channelOf(contract: EventContract): string {
  const entry = Object.entries(CANONICAL_TOPICS).find(([, topic]) => topic === contract.topic);
  if (!entry) throw new Error(`${contract.type} names topic ${contract.topic}, which is not canonical`);
  return entry[0];
}

const SUBJECT_KEY = {
  type: 'string',
  pattern: '^sub_[0-9a-f]{32}$',
  description: "Record key: the person's subject id, so one person's events stay in order in a partition.",
};

const HEADERS = {
  type: 'object',
  properties: {
    [KAFKA_HEADERS.contentType]: { type: 'string', const: 'application/cloudevents+json; charset=utf-8' },
    [KAFKA_HEADERS.eventId]: { type: 'string', format: 'uuid', description: 'CloudEvents id (Kafka protocol binding)' },
    [KAFKA_HEADERS.eventType]: { type: 'string', description: 'CloudEvents type' },
    [KAFKA_HEADERS.contractVersion]: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'Contract version of data' },
    [KAFKA_HEADERS.correlationId]: { type: 'string', description: 'Correlation id of the business process' },
    [KAFKA_HEADERS.traceparent]: { type: 'string', description: 'W3C trace context of the hop that produced the record' },
  },
  required: Object.values(KAFKA_HEADERS),
};

/**
 * The AsyncAPI 3 document of the canonical topics: one channel per topic, one message per event type
 * and version with its Kafka key, headers, payload (a reference to the published JSON Schema, so the
 * schema is written once) and example, and the hub's send operation per channel.
 */
export function asyncApiDocument(version: string): Node {
  const channels: Node = {};
  const operations: Node = {};
  const messages: Node = {};
  for (const contract of EVENT_CATALOGUE) {
    const id = messageId(contract);
    const channel = channelOf(contract);
    const example = exampleEvent(contract);
    messages[id] = {
      name: contract.type,
      title: `${contract.title.en} (v${contract.version})`,
      summary: `${contract.title.zh}（v${contract.version}）`,
      description: `${contract.description.en}\n\n${contract.description.zh}\n\nPublished by: ${contract.publishers.join(', ')}.`,
      contentType: 'application/cloudevents+json',
      headers: HEADERS,
      payload: { $ref: `./${schemaPath(contract.type, contract.version)}` },
      correlationId: { location: `$message.header#/${KAFKA_HEADERS.correlationId}` },
      bindings: { kafka: { key: SUBJECT_KEY, bindingVersion: '0.5.0' } },
      examples: [
        {
          name: id,
          headers: {
            [KAFKA_HEADERS.contentType]: 'application/cloudevents+json; charset=utf-8',
            [KAFKA_HEADERS.eventId]: example['id'],
            [KAFKA_HEADERS.eventType]: contract.type,
            [KAFKA_HEADERS.contractVersion]: String(contract.version),
            [KAFKA_HEADERS.correlationId]: example['correlationid'],
            [KAFKA_HEADERS.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          },
          payload: { ...example, subject: 'sub_0123456789abcdef0123456789abcdef' },
        },
      ],
    };
    const channelNode = (channels[channel] ??= {
      address: contract.topic,
      title: contract.topic,
      description: `Canonical topic ${contract.topic}: written only by the hub's relay after an event is accepted; keyed by subject id.`,
      messages: {},
      bindings: { kafka: { topic: contract.topic, bindingVersion: '0.5.0' } },
    }) as Node;
    (channelNode['messages'] as Node)[id] = { $ref: `#/components/messages/${id}` };
    const operation = (operations[`publish.${channel}`] ??= {
      action: 'send',
      title: `The hub publishes accepted events on ${contract.topic}`,
      channel: { $ref: `#/channels/${channel}` },
      messages: [],
    }) as Node;
    (operation['messages'] as Node[]).push({ $ref: `#/channels/${channel}/messages/${id}` });
  }
  return {
    asyncapi: '3.1.0',
    id: 'urn:hub:contracts',
    info: {
      title: 'Inter-agency data-sharing hub: event contracts',
      version,
      description: [
        "Events shared between China's foreign-talent agencies: work permits, visas, residence and permanent residence,",
        "education, tax, credit supervision and talent cards, and the linkage service's conclusions across them. Every record",
        'value is a CloudEvents 1.0 event in structured JSON mode with the hub extension attributes; `data` follows the',
        'contract named by `type` and `contractversion`.',
        '',
        '外国人才工作许可、签证、居留、永久居留、学历、税务、信用监管和人才卡事件，以及衔接服务据此作出的结论的跨部门共享契约。',
      ].join('\n'),
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      local: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description: 'The broker `npm start` runs locally (KRaft, plaintext on loopback).',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
