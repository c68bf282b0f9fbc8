import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadLinkageDemo, type LinkageDemoSummary } from '../../scripts/linkage-demo/load-linkage-demo.js';
import { startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

/**
 * The seeded linkage demo published to a real hub (real PostgreSQL and Kafka): every event is
 * accepted (signed by its agency's demo key, within the policy's grants, valid for its contract),
 * and loading the same seed again stores nothing new.
 */
describe('linkage demo data set → hub', () => {
  let hub: RunningApp;
  let first: LinkageDemoSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    hub = await startHub();
    first = await loadLinkageDemo({ hubUrl: hub.url, adminToken: TEST_ADMIN_TOKEN, people: 40, seed: 11, log: (line) => lines.push(line) });
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  const stored = async (): Promise<number> =>
    Number(
      (await hub.db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE correlation_id LIKE 'linkage-demo-11-%'`)).rows[0]?.n,
    );

  it('publishes every event of the data set, accepted, from agencies it onboards as needed', async () => {
    expect(first.events).toBeGreaterThan(200);
    expect(first).toMatchObject({ people: 40, accepted: first.events, duplicates: 0 });
    expect(await stored()).toBe(first.events);
    const agencies = await hub.db.query<{ id: string }>(`SELECT id FROM agencies WHERE id IN ('psb-440000', 'bureau-330000')`);
    expect(agencies.rows.map((row) => row.id).sort()).toEqual(['bureau-330000', 'psb-440000']);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Linkage demo \\(seed 11\\): 40 people and \\d+ family members, ${first.events} events from \\d+ agencies: ${first.events} accepted, 0 already held`,
        ),
      ),
    ]);
  });

  it('changes nothing when loaded again with the same seed: every event is a duplicate', async () => {
    const again = await loadLinkageDemo({ hubUrl: hub.url, adminToken: TEST_ADMIN_TOKEN, people: 40, seed: 11 });
    expect(again).toMatchObject({ events: first.events, accepted: 0, duplicates: first.events });
    expect(await stored()).toBe(first.events);
  });
});
