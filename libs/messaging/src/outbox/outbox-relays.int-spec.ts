import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@hub/devstack';
import { TEST_KAFKA_BROKERS, testKafkaSecurity, waitUntil } from '@hub/testing';
import { OutboxRelay } from './outbox-relay.js';
import { inOrderPerKey, RelayFixture } from '../testing/relay-fixture.js';

/** A relay's logger that counts what it published. */
function countingLogger(): { log: (entry: { count?: number }) => void; warn: () => void; error: () => void; relayed: () => number } {
  let relayed = 0;
  return {
    log: (entry) => (relayed += entry.count ?? 0),
    warn: () => undefined,
    error: () => undefined,
    relayed: () => relayed,
  };
}

/**
 * Several relays over one outbox, against the real PostgreSQL and Kafka: they share the partitions
 * and publish at once, every record arrives once and each subject's in commit order, and a relay
 * killed with SIGKILL (its own process, compiled from this source) leaves its partitions to the others.
 */
describe('OutboxRelay, several at once', () => {
  const buildDir = join(repoRoot(), '.cache', 'test', `relay-process-${randomBytes(4).toString('hex')}`);
  let fixture: RelayFixture;
  let child: ChildProcess | undefined;
  const running: OutboxRelay[] = [];

  /** A relay in this process, stopped after the suite if a test failed before stopping it. */
  async function startRelay(logger: ReturnType<typeof countingLogger>): Promise<OutboxRelay> {
    const relay = new OutboxRelay(await fixture.producer(), fixture.settings(10), logger);
    running.push(relay);
    await relay.start();
    return relay;
  }

  beforeAll(async () => {
    fixture = await RelayFixture.create('relays-test');
    await promisify(execFile)(process.execPath, [join(repoRoot(), 'scripts/build/swc.mjs'), 'libs', '--quiet', '-d', buildDir]);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all(running.map((relay) => relay.stop()));
    await fixture?.close();
    rmSync(buildDir, { recursive: true, force: true });
  });

  it('share the partitions, both publish, and every record arrives once with each subject in order', async () => {
    const topic = await fixture.newTopic();
    const loggers = [countingLogger(), countingLogger()];
    const relays = await Promise.all(loggers.map((logger) => startRelay(logger)));
    await waitUntil('each relay holding half the partitions', async () => (await fixture.partitionsHeld()).join() === '8,8');

    // One commit after another while both relays publish: commit order is each subject's order.
    for (let batch = 0; batch < 10; batch += 1) await fixture.enqueue(topic, 40, 40, batch * 40);
    const records = await fixture.readAll(topic, 400);
    await waitUntil('the outbox emptied', async () => (await fixture.outboxSize()) === 0);
    await Promise.all(relays.map((relay) => relay.stop()));

    expect(records).toHaveLength(400);
    expect(new Set(records.map((r) => r.value)).size).toBe(400);
    expect(inOrderPerKey(records)).toBe(true);
    expect(loggers.map((logger) => logger.relayed() > 0)).toEqual([true, true]);
    expect(loggers.reduce((sum, logger) => sum + logger.relayed(), 0)).toBe(400);
    expect(await fixture.partitionsHeld()).toEqual([]);
  });

  it('lets the survivor take a killed relay’s partitions, and loses nothing', async () => {
    const topic = await fixture.newTopic();
    const survivorLog = countingLogger();
    const survivor = await startRelay(survivorLog);

    const config = { brokers: TEST_KAFKA_BROKERS, security: testKafkaSecurity(), settings: fixture.settings(10) };
    let stdout = '';
    let stderr = '';
    child = spawn(process.execPath, [join(buildDir, 'libs/messaging/src/testing/relay-process.js'), JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child?.on('exit', (_code, signal) => resolve(signal)));
    await waitUntil('each relay holding half the partitions', async () => (await fixture.partitionsHeld()).join() === '8,8', 60_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; the relay process wrote: ${stderr || stdout || '(nothing)'}`);
      },
    );

    await fixture.enqueue(topic, 200, 40);
    await waitUntil('the outbox emptied by both', async () => (await fixture.outboxSize()) === 0);
    const relayedByChild = (): number => [...stdout.matchAll(/relayed (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(relayedByChild()).toBeGreaterThan(0);
    expect(relayedByChild() + survivorLog.relayed()).toBe(200);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    child = undefined;
    await waitUntil('the survivor holding every partition', async () => (await fixture.partitionsHeld()).join() === '16');

    await fixture.enqueue(topic, 200, 40, 200);
    const records = await fixture.readAll(topic, 400);
    await waitUntil('the outbox emptied by the survivor', async () => (await fixture.outboxSize()) === 0);
    await survivor.stop();

    expect(records).toHaveLength(400);
    expect(new Set(records.map((r) => r.value)).size).toBe(400);
    expect(inOrderPerKey(records)).toBe(true);
    expect(survivorLog.relayed()).toBe(400 - relayedByChild());
  });
});
