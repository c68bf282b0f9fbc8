import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_KAFKA_PORT, testBrokerSecurity, waitUntil } from '@hub/testing';
import kafkajs, { type Admin, type Consumer, type KafkaConfig, type LogEntry, type Producer } from 'kafkajs';
import { repoRoot } from '../repo-root.js';
import {
  agencyConsumerGroupPrefix,
  agencyInboundTopic,
  agencyOutboundTopic,
  grantAgencyTopicAcls,
  REAUTHENTICATION_THRESHOLD_MS,
} from '@hub/messaging';
import { LocalKafka } from './local-kafka.js';

const { Kafka, logLevel, AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const AGENCY = 'bureau-310000';
const OTHER_AGENCY = 'bureau-320000';
const HUB_TOPIC = 'hub.work-permit.events';
const run = randomUUID().slice(0, 8);
const password = (): string => randomBytes(18).toString('base64url');

/** The error and its `cause`s: kafkajs wraps non-retriable protocol errors once. */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 10; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

function protocolError(error: unknown): { type: string; code: number } | undefined {
  const found = errorChain(error).find((link) => link instanceof kafkajs.KafkaJSProtocolError);
  return found ? { type: found.type, code: found.code } : undefined;
}

/** kafkajs's ACL "enums" are plain objects at runtime, without TypeScript's reverse mapping. */
function nameOf(values: object, value: number): string {
  return Object.entries(values).find(([, candidate]) => candidate === value)?.[0] ?? String(value);
}

/** Runs a consumer until the broker's refusal crashes it, and returns why. */
async function crashOf(consumer: Consumer, topic: string, timeoutMs = 30_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const crashed = new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
    // A deadline only for when the broker wrongly lets the consumer run; a refusal ends it at once.
    timer = setTimeout(resolve, timeoutMs);
  });
  crashed.catch(() => undefined);
  try {
    return await rejectionOf(async () => {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: () => Promise.resolve() });
      await crashed;
    });
  } finally {
    clearTimeout(timer);
  }
}

async function rejectionOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the broker to refuse this, but it succeeded');
}

/** Kafka error codes (org.apache.kafka.common.protocol.Errors). */
const TOPIC_AUTHORIZATION_FAILED = { type: 'TOPIC_AUTHORIZATION_FAILED', code: 29 };
const GROUP_AUTHORIZATION_FAILED = { type: 'GROUP_AUTHORIZATION_FAILED', code: 30 };
const CLUSTER_AUTHORIZATION_FAILED = { type: 'CLUSTER_AUTHORIZATION_FAILED', code: 31 };

/**
 * A real broker with SASL/SCRAM-SHA-512 and KRaft's StandardAuthorizer: the hub (a super user)
 * creates the topics and grants each agency its ACLs; an agency may then write only its outbound
 * topic and read only its inbound topic, and everyone must authenticate.
 */
describe('Kafka with SASL/SCRAM and agency ACLs', () => {
  const port = TEST_KAFKA_PORT + 300;
  const users = { hub: password(), [AGENCY]: password(), [OTHER_AGENCY]: password() };
  const kafka = new LocalKafka({
    workDir: join(repoRoot(), `.cache/test/kafka-scram-${TEST_KAFKA_PORT}`),
    brokerPort: port,
    controllerPort: port + 1,
    fresh: true,
    heapMb: 256,
    security: {
      tls: testBrokerSecurity().tls,
      scram: { users: Object.entries(users).map(([name, secret]) => ({ name, password: secret })), superUsers: ['hub'] },
    },
  });
  const clients: { disconnect(): Promise<void> }[] = [];
  let hubAdmin: Admin;

  function client(clientId: string, config: Partial<KafkaConfig> = {}): InstanceType<typeof Kafka> {
    return new Kafka({
      clientId: `${clientId}-${run}`,
      brokers: kafka.brokers,
      ssl: { ca: [kafka.caCertificatePem] },
      // kafkajs's default (10 s) equals the broker's session: it would re-authenticate before every request.
      reauthenticationThreshold: REAUTHENTICATION_THRESHOLD_MS,
      logLevel: logLevel.NOTHING,
      retry: { retries: 1 },
      ...config,
    });
  }
  const as = (user: keyof typeof users, config: Partial<KafkaConfig> = {}): InstanceType<typeof Kafka> =>
    client(user, { sasl: kafka.sasl(user), ...config });

  async function connected<T extends Admin | Producer | Consumer>(member: T): Promise<T> {
    clients.push(member);
    await member.connect();
    return member;
  }

  async function highWatermark(topic: string): Promise<string> {
    const [partition] = await hubAdmin.fetchTopicOffsets(topic);
    return partition?.high ?? 'none';
  }

  /** The ACL bindings the broker's authorizer holds for an agency, as sorted readable lines. */
  async function aclsOf(agency: string): Promise<string[]> {
    const { resources } = await hubAdmin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: `User:${agency}`,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return resources
      .flatMap((resource) =>
        resource.acls.map((acl) =>
          [
            nameOf(AclResourceTypes, resource.resourceType),
            nameOf(ResourcePatternTypes, resource.resourcePatternType),
            resource.resourceName,
            nameOf(AclOperationTypes, acl.operation),
            nameOf(AclPermissionTypes, acl.permissionType),
            acl.host,
          ].join(' '),
        ),
      )
      .sort();
  }

  beforeAll(async () => {
    await kafka.start();
    hubAdmin = await connected(as('hub').admin());
    const agencies = [AGENCY, OTHER_AGENCY];
    await hubAdmin.createTopics({
      waitForLeaders: true,
      topics: [...agencies.flatMap((agency) => [agencyOutboundTopic(agency), agencyInboundTopic(agency)]), HUB_TOPIC].map((topic) => ({
        topic,
        numPartitions: 1,
      })),
    });
    for (const agency of agencies) {
      await grantAgencyTopicAcls(hubAdmin, {
        agency,
        outboundTopic: agencyOutboundTopic(agency),
        inboundTopic: agencyInboundTopic(agency),
        consumerGroupPrefix: agencyConsumerGroupPrefix(agency),
      });
    }
    // ACLs are committed by the controller and then applied by the broker's authorizer.
    for (const agency of agencies) {
      await waitUntil(`the ACLs of ${agency} to reach the broker`, async () => (await aclsOf(agency)).length === 5);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((member) => member.disconnect()));
    await kafka.stop();
  });

  it('gives an agency principal exactly its five ACLs, set by the hub', async () => {
    expect(await aclsOf(AGENCY)).toEqual(
      [
        `GROUP PREFIXED agency.${AGENCY}. READ ALLOW *`,
        `TOPIC LITERAL agency.${AGENCY}.inbound DESCRIBE ALLOW *`,
        `TOPIC LITERAL agency.${AGENCY}.inbound READ ALLOW *`,
        `TOPIC LITERAL agency.${AGENCY}.outbound DESCRIBE ALLOW *`,
        `TOPIC LITERAL agency.${AGENCY}.outbound WRITE ALLOW *`,
      ].sort(),
    );
  });

  it('lets the agency produce to its own outbound topic, which the hub reads', async () => {
    const producer = await connected(as(AGENCY).producer({ idempotent: true, maxInFlightRequests: 1 }));
    const marker = randomUUID();
    await producer.send({ topic: agencyOutboundTopic(AGENCY), acks: -1, messages: [{ value: marker }] });

    const seen: string[] = [];
    const hubConsumer = await connected(as('hub').consumer({ groupId: `hub.relay-test.${run}` }));
    await hubConsumer.subscribe({ topic: agencyOutboundTopic(AGENCY), fromBeginning: true });
    await hubConsumer.run({ eachMessage: ({ message }) => Promise.resolve(void seen.push(message.value?.toString() ?? '')) });
    await waitUntil('the hub to read the agency record', () => seen.includes(marker), 60_000);
  });

  it('lets the agency consume its own inbound topic in a group under its prefix', async () => {
    const hubProducer = await connected(as('hub').producer({ idempotent: true, maxInFlightRequests: 1 }));
    const marker = randomUUID();
    await hubProducer.send({ topic: agencyInboundTopic(AGENCY), acks: -1, messages: [{ value: marker }] });

    const groupId = `${agencyConsumerGroupPrefix(AGENCY)}inbox.${run}`;
    const consumer = await connected(as(AGENCY).consumer({ groupId }));
    await consumer.subscribe({ topic: agencyInboundTopic(AGENCY), fromBeginning: true });
    let committed: string | undefined;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        if (message.value?.toString() !== marker) return;
        const next = (BigInt(message.offset) + 1n).toString();
        await consumer.commitOffsets([{ topic, partition, offset: next }]);
        committed = next;
      },
    });
    const offset = await waitUntil('the agency to read and commit the hub record', () => committed, 60_000);
    const [fetched] = await hubAdmin.fetchOffsets({ groupId, topics: [agencyInboundTopic(AGENCY)] });
    expect(fetched?.partitions[0]?.offset).toBe(offset);
  });

  it("denies the agency writing another agency's outbound topic, a hub topic or its own inbound topic", async () => {
    const producer = await connected(as(AGENCY).producer());
    for (const topic of [agencyOutboundTopic(OTHER_AGENCY), HUB_TOPIC, agencyInboundTopic(AGENCY)]) {
      const before = await highWatermark(topic);
      const error = await rejectionOf(() => producer.send({ topic, acks: -1, messages: [{ value: `forged ${run}` }] }));
      expect({ topic, error: protocolError(error) }).toEqual({ topic, error: TOPIC_AUTHORIZATION_FAILED });
      expect(await highWatermark(topic)).toBe(before);
    }
  });

  it("denies the agency reading another agency's inbound topic or its own outbound topic", async () => {
    for (const topic of [agencyInboundTopic(OTHER_AGENCY), agencyOutboundTopic(AGENCY)]) {
      const consumer = await connected(as(AGENCY).consumer({ groupId: `${agencyConsumerGroupPrefix(AGENCY)}snoop.${randomUUID()}` }));
      const error = await crashOf(consumer, topic);
      expect({ topic, error: protocolError(error) }).toEqual({ topic, error: TOPIC_AUTHORIZATION_FAILED });
    }
  });

  it('denies the agency a consumer group outside its prefix', async () => {
    // kafkajs reports only "group coordinator not found"; the broker's answer is in its debug log.
    const brokerErrors: unknown[] = [];
    const logCreator =
      () =>
      ({ log }: LogEntry): void => {
        if ('error' in log) brokerErrors.push(log['error']);
      };
    const consumer = await connected(as(AGENCY, { logLevel: logLevel.DEBUG, logCreator }).consumer({ groupId: `hub.inbox.${run}` }));
    const error = await crashOf(consumer, agencyInboundTopic(AGENCY));
    expect(errorChain(error).some((link) => link instanceof kafkajs.KafkaJSGroupCoordinatorNotFound)).toBe(true);
    expect(brokerErrors.map(protocolError)).toContainEqual(GROUP_AUTHORIZATION_FAILED);
  });

  it('denies the agency creating topics or granting itself ACLs', async () => {
    const admin = await connected(as(AGENCY).admin());
    const createError = await rejectionOf(() => admin.createTopics({ topics: [{ topic: `${agencyOutboundTopic(AGENCY)}.${run}` }] }));
    expect(createError).toBeInstanceOf(kafkajs.KafkaJSAggregateError);
    expect((createError as InstanceType<typeof kafkajs.KafkaJSAggregateError>).errors.map(protocolError)).toEqual([
      TOPIC_AUTHORIZATION_FAILED,
    ]);

    const aclError = await rejectionOf(() =>
      grantAgencyTopicAcls(admin, { agency: AGENCY, outboundTopic: HUB_TOPIC, inboundTopic: HUB_TOPIC, consumerGroupPrefix: 'hub.' }),
    );
    expect(protocolError(aclError)).toEqual(CLUSTER_AUTHORIZATION_FAILED);
  });

  it('refuses an agency with a wrong password', async () => {
    const impostor = as(AGENCY, { sasl: { mechanism: 'scram-sha-512', username: AGENCY, password: `not-${users[AGENCY]}` } });
    const producer = impostor.producer();
    clients.push(producer);
    const error = await rejectionOf(() => producer.connect());
    expect(error).toBeInstanceOf(kafkajs.KafkaJSSASLAuthenticationError);
    expect((error as Error).message).toMatch(/SCRAM SHA512 authentication failed.*invalid credentials/);
  });

  it('refuses a client that does not authenticate', async () => {
    const before = await highWatermark(HUB_TOPIC);
    const producer = client('anonymous', { retry: { retries: 0 } }).producer();
    clients.push(producer);
    const error = await rejectionOf(async () => {
      await producer.connect();
      await producer.send({ topic: HUB_TOPIC, messages: [{ value: `anonymous ${run}` }] });
    });
    // The SASL listener answers ApiVersions, then closes the connection on the first other request.
    const closed = errorChain(error).find((link) => link instanceof kafkajs.KafkaJSConnectionError);
    expect((closed as Error | undefined)?.name).toBe('KafkaJSConnectionClosedError');
    expect(await highWatermark(HUB_TOPIC)).toBe(before);
  });
});
