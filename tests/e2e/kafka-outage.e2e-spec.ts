import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalKafka, repoRoot } from '@hub/devstack';
import { aWorkPermitIssuedEvent, TEST_KAFKA_PORT, testBrokerSecurity, waitUntil } from '@hub/testing';
import { countRows, psbGroupId, publish, startHub, startPsbAdapter, type RunningApp } from '../support/running-apps.js';

/**
 * Kafka down while agencies publish: the hub still answers 202 (the outbox holds the events), and
 * once the real broker is back everything flows to public security. Uses a broker of its own so
 * stopping it disturbs no other suite.
 */
describe('publishing while Kafka is down', () => {
  const port = TEST_KAFKA_PORT + 100;
  const kafka = new LocalKafka({
    workDir: join(repoRoot(), `.cache/test/kafka-outage-${TEST_KAFKA_PORT}`),
    brokerPort: port,
    controllerPort: port + 1,
    fresh: true,
    security: testBrokerSecurity(),
  });
  let hub: RunningApp;
  let psb: RunningApp;

  beforeAll(async () => {
    await kafka.start();
    hub = await startHub({ brokers: kafka.brokers });
    psb = await startPsbAdapter({ hubUrl: hub.url, brokers: kafka.brokers, groupId: psbGroupId('outage') });
  }, 180_000);
  afterAll(async () => {
    await psb?.destroy();
    await hub?.destroy();
    await kafka.stop();
  }, 120_000);

  it('accepts events during the outage and delivers them all after the broker restarts', async () => {
    const before = aWorkPermitIssuedEvent();
    await publish(hub.url, before);
    await waitUntil('delivery before the outage', async () => (await countRows(psb.db, 'inbox')) === 1, 60_000);

    await kafka.stop();
    const during = Array.from({ length: 20 }, () => aWorkPermitIssuedEvent());
    for (const event of during) {
      const answer = await publish(hub.url, event);
      expect(answer.status).toBe(202);
    }
    const health = (await (await fetch(`${hub.url}/health`)).json()) as { outbox: { pending: number } };
    expect(health.outbox.pending).toBe(20);

    await kafka.start();
    await waitUntil('every event delivered after the restart', async () => (await countRows(psb.db, 'inbox')) === 21, 120_000, 500);
    expect(await countRows(hub.db, 'outbox')).toBe(0);
    const ids = during.map((e) => e['id'] as string);
    expect(await countRows(psb.db, 'work_permits', 'source_event_id = ANY($1::uuid[])', [ids])).toBe(20);
  }, 300_000);
});
