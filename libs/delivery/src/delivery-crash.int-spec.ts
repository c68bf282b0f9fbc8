import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@hub/devstack';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import { DeliveryFixture, HUB_KEY_ID, TEST_WORKER_SETTINGS } from './testing/delivery-fixture.js';

/**
 * A worker killed with SIGKILL in the middle of its attempts (its own process, compiled from this
 * source): its leases run out, another worker delivers what it held, and the receiver, which had
 * already taken those events in, sees each Idempotency-Key again and applies nothing twice.
 */
describe('a webhook worker killed mid-attempt', () => {
  const buildDir = join(repoRoot(), '.cache', 'test', `delivery-worker-${randomBytes(4).toString('hex')}`);
  let fixture: DeliveryFixture;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    fixture = await DeliveryFixture.create(TEST_DATABASE_SERVER_URL);
    await promisify(execFile)(process.execPath, [join(repoRoot(), 'scripts/build/swc.mjs'), 'libs', '--quiet', '-d', buildDir]);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await fixture?.close();
    rmSync(buildDir, { recursive: true, force: true });
  });

  it('leaves its deliveries to another worker once their leases run out, and each is taken in once', async () => {
    let killed = false;
    // Before the kill the agency takes each event in but never answers (the answer is lost with the worker).
    const { subscriber, url } = await fixture.subscriber({ script: () => (killed ? undefined : { hang: true, process: true }) });
    const subscriptionId = `sub-${randomUUID()}`;
    const enqueued = await fixture.enqueue(subscriptionId, url, [
      ...['k0', 'k1', 'k2', 'k3', 'k4'].map((subject) => ({ subject, n: 1 })),
      { subject: 'x', n: 1 },
      { subject: 'x', n: 2 },
    ]);

    const config = {
      databaseUrl: fixture.db.url,
      signingKeyId: HUB_KEY_ID,
      signingKeyPem: fixture.hubKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      settings: {
        ...TEST_WORKER_SETTINGS,
        attemptTimeoutMs: 8_000,
        leaseMs: 9_000,
        concurrency: 8,
        workerId: 'doomed-worker',
        listenUrl: fixture.db.url,
      },
    };
    let stderr = '';
    child = spawn(process.execPath, [join(buildDir, 'libs/delivery/src/testing/worker-process.js'), JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child?.on('exit', (_code, signal) => resolve(signal)));

    await waitUntil('six attempts in flight in the worker process', () => subscriber.requests.length === 6, 60_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; the worker process wrote: ${stderr || '(nothing)'}`);
      },
    );
    const held = await fixture.dataSource.query<{ claimed_by: string; leased: boolean; attempts: number }[]>(
      `SELECT claimed_by, lease_until > now() AS leased, attempts FROM webhook_deliveries WHERE subscription_id = $1 AND claim_token IS NOT NULL`,
      [subscriptionId],
    );
    expect(held).toEqual(Array(6).fill({ claimed_by: 'doomed-worker', leased: true, attempts: 1 }));

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    killed = true;
    child = undefined;

    await fixture.startWorker({ workerId: 'second-worker' });
    expect(await waitUntil('all delivered by the second worker', () => fixture.settled(subscriptionId), 90_000)).toEqual({ delivered: 7 });

    expect(subscriber.processed.size).toBe(7);
    expect(subscriber.repeats.sort()).toEqual(
      enqueued
        .slice(0, 6)
        .map((e) => e.deliveryId)
        .sort(),
    );
    expect(subscriber.processedSequences('x')).toEqual([enqueued[5]?.sequence, enqueued[6]?.sequence]);
    for (const delivery of enqueued.slice(0, 6)) {
      const inspected = await fixture.deliveries().inspect(delivery.deliveryId);
      expect(inspected?.attemptHistory.map((a) => [a.attempt, a.worker, a.outcome, a.errorCode])).toEqual([
        [1, 'doomed-worker', 'abandoned', 'LEASE_EXPIRED'],
        [2, 'second-worker', 'delivered', null],
      ]);
      expect(inspected?.receipt?.via).toBe('response');
    }
  });
});
