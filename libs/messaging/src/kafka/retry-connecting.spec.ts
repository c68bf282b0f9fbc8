import { describe, expect, it } from '@jest/globals';
import { retryConnecting } from './retry-connecting.js';

describe('retryConnecting', () => {
  it('tries again after each failure, cleaning up and saying what waits, until an attempt connects', async () => {
    const warnings: object[] = [];
    let attempts = 0;
    let cleanUps = 0;
    const connected = await retryConnecting({
      connect: () => (++attempts < 3 ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve()),
      cleanUp: () => Promise.resolve(void (cleanUps += 1)),
      stopping: () => false,
      waiting: 'Kafka not reachable yet; events wait',
      logger: { warn: (message) => warnings.push(message) },
    });
    expect(connected).toBe(true);
    expect(attempts).toBe(3);
    expect(cleanUps).toBe(2);
    expect(warnings).toEqual([
      { message: 'Kafka not reachable yet; events wait', attempt: 1, error: 'Error: ECONNREFUSED' },
      { message: 'Kafka not reachable yet; events wait', attempt: 2, error: 'Error: ECONNREFUSED' },
    ]);
  });

  it('makes no further attempt once the caller is stopping', async () => {
    let attempts = 0;
    let stopping = false;
    const connected = await retryConnecting({
      connect: () => {
        attempts += 1;
        stopping = true;
        return Promise.reject(new Error('ECONNREFUSED'));
      },
      stopping: () => stopping,
      waiting: 'waiting',
      logger: { warn: () => undefined },
    });
    expect(connected).toBe(false);
    expect(attempts).toBe(1);
  });
});
