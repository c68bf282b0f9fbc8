import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { TEST_KAFKA_PORT, testBrokerSecurity, waitUntil } from '@hub/testing';
import { repoRoot } from '../repo-root.js';
import { LocalKafka } from './local-kafka.js';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * The local broker never outlives its owner: when the process that started it dies without
 * cleaning up (a crashed test run, a killed `npm start`), its supervisor stops the JVM.
 */
describe('LocalKafka', () => {
  it('stops the broker when its owner process dies', async () => {
    const port = TEST_KAFKA_PORT + 200;
    const owner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const kafka = new LocalKafka({
      workDir: join(repoRoot(), `.cache/test/kafka-owner-${port}`),
      brokerPort: port,
      controllerPort: port + 1,
      fresh: true,
      heapMb: 256,
      ownerPid: owner.pid,
      security: testBrokerSecurity(),
    });
    try {
      await kafka.start();
      expect(await portOpen(port)).toBe(true);
      owner.kill('SIGKILL');
      await waitUntil('the broker to stop after its owner died', async () => !(await portOpen(port)), 60_000, 250);
    } finally {
      owner.kill('SIGKILL');
      await kafka.stop();
    }
  }, 120_000);
});
