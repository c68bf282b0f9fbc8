import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { badInputCampaign, type Attack } from '../support/bad-input-campaign.js';
import { adminCall, apiKeyOf, countRows, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

const SEED = 20261203;
const CONCURRENCY = 16;
/** Refusals for bodies that cannot be read as JSON at all: no field to name. */
const UNPARSABLE = new Set(['MALFORMED_JSON', 'BODY_TOO_DEEP', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']);

interface Outcome {
  readonly attack: Attack;
  readonly status: number;
  readonly code: string | undefined;
  readonly issues: readonly { path?: unknown; rule?: unknown }[] | undefined;
}

/**
 * The standing bad-input campaign: more than 10,000 generated requests (see badInputCampaign),
 * deterministic for its seed, against the running hub over keep-alive connections. No answer is a
 * 5xx, every refusal that could read the body names the field and the rule, nothing is stored, and
 * afterwards the hub is healthy, still accepts valid events, and its audit chain verifies.
 */
describe('bad-input campaign', () => {
  let hub: RunningApp;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  beforeAll(async () => {
    hub = await startHub({
      env: {
        MAX_BODY_SIZE: '256kb',
        MAX_EVENTS_PER_REQUEST: '50',
        REQUEST_RATE_PER_SECOND: '100000',
        REQUEST_BURST: '100000',
        PUBLISH_RATE_PER_SECOND: '100000',
        PUBLISH_BURST: '100000',
      },
    });
  });
  afterAll(async () => {
    agent.destroy();
    await hub?.destroy();
  });

  function send(attack: Attack): Promise<Outcome> {
    const { hostname, port } = new URL(hub.url);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: hostname,
          port,
          path: attack.path,
          method: 'POST',
          agent,
          headers: {
            ...attack.headers,
            authorization: `Bearer ${attack.path.startsWith('/v1/admin') ? TEST_ADMIN_TOKEN : apiKeyOf(hub.url, attack.agency)}`,
            'content-length': attack.body.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const error = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { error?: Outcome['issues'] & object }).error as
              { code?: string; issues?: Outcome['issues'] } | undefined;
            resolve({ attack, status: res.statusCode ?? 0, code: error?.code, issues: error?.issues });
          });
        },
      );
      req.on('error', reject);
      req.end(attack.body);
    });
  }

  async function run(attacks: readonly Attack[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < attacks.length) {
        const attack = attacks[next++] as Attack;
        outcomes.push(await send(attack));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return outcomes;
  }

  it('refuses every one of more than 10,000 bad requests without a 5xx, naming field and rule, and stores nothing', async () => {
    const attacks = badInputCampaign(SEED, { resigned: 4000, afterSigning: 3000, body: 3500 });
    expect(attacks.length).toBeGreaterThanOrEqual(10_000);
    const stored = async (): Promise<Record<string, number>> => ({
      events: await countRows(hub.db, 'events'),
      outbox: await countRows(hub.db, 'outbox'),
      subscriptions: await countRows(hub.db, 'subscriptions'),
      agencies: await countRows(hub.db, 'agencies'),
    });
    const before = await stored();
    const started = Date.now();
    const outcomes = await run(attacks);
    const seconds = (Date.now() - started) / 1000;

    const byStatus = new Map<string, number>();
    for (const outcome of outcomes) {
      const key = `${outcome.status} ${outcome.code ?? ''}`.trim();
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    process.stdout.write(
      `bad-input campaign: ${outcomes.length} requests in ${seconds.toFixed(1)} s\n${[...byStatus.entries()]
        .sort()
        .map(([key, count]) => `  ${key}: ${count}`)
        .join('\n')}\n`,
    );

    const describe = (outcome: Outcome): string =>
      `${outcome.attack.path} ${outcome.attack.kind} / ${outcome.attack.description}: ${outcome.status} ${outcome.code ?? ''}`;
    expect(outcomes.filter((outcome) => outcome.status >= 500).map(describe)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status < 400).map(describe)).toEqual([]);
    // Every 400 of a body that could be read names each field and rule (a 404 names the missing resource).
    const unnamed = outcomes.filter(
      (outcome) =>
        outcome.status === 400 &&
        !UNPARSABLE.has(outcome.code ?? '') &&
        !(
          outcome.issues &&
          outcome.issues.length > 0 &&
          outcome.issues.every((issue) => typeof issue.path === 'string' && typeof issue.rule === 'string' && issue.rule !== '')
        ),
    );
    expect(unnamed.map(describe)).toEqual([]);
    expect(await stored()).toEqual(before);
    // Generating and sending 10,500 requests takes about a minute here; room for a busier machine.
  }, 240_000);

  it('stays healthy, accepts valid events, and its audit chain verifies', async () => {
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await publish(hub.url, aWorkPermitIssuedEvent())).status).toBe(202);
    expect(await countRows(hub.db, 'events')).toBe(5);
    const verified = await adminCall(hub.url, 'GET', '/v1/admin/audit/verify');
    expect(verified).toMatchObject({ ok: true });
  });
});
