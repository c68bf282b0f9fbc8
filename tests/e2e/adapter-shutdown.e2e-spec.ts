import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agencyInboundTopic } from '@hub/messaging';
import { dropDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent, waitUntil, testKafkaClient } from '@hub/testing';

import { countRows, psbGroupId, PSB_AGENCY, publish, startHub, startPsbAdapter, type RunningApp } from '../support/running-apps.js';

/**
 * The adapter commits offsets at most once a second while running; a clean shutdown commits what it
 * has handled, so a restart resumes exactly where it stopped instead of re-reading (harmlessly)
 * the last second's records.
 */
describe('public-security adapter shutdown', () => {
  const groupId = psbGroupId('shutdown');
  const topic = agencyInboundTopic(PSB_AGENCY);
  let hub: RunningApp;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  it('commits the offsets of everything it recorded when it stops', async () => {
    const psb = await startPsbAdapter({ hubUrl: hub.url, groupId });
    const events = Array.from({ length: 30 }, () => aWorkPermitIssuedEvent());
    await publish(hub.url, { events });
    const ids = events.map((e) => e['id'] as string);
    await waitUntil('30 events recorded', async () => (await countRows(psb.db, 'inbox', 'event_id = ANY($1::uuid[])', [ids])) === 30);
    await psb.close();

    const admin = testKafkaClient('shutdown-test').admin();
    await admin.connect();
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    await dropDatabase(psb.databaseUrl);
    for (const end of ends) {
      const offset = committed.find((p) => p.partition === end.partition)?.offset ?? '-1';
      expect(end.high === '0' ? ['-1', '0'] : [end.high]).toContain(offset);
    }
  });
});
