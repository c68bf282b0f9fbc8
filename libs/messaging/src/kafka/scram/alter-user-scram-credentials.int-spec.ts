import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { canLogIn, TEST_KAFKA_BROKERS, testKafkaSecurity } from '@hub/testing';
import { scramUpsertion } from '../agency-kafka-access.js';
import { SCRAM_SHA_512 } from './alter-user-scram-credentials.js';
import { alterUserScramCredentials } from './scram-admin-connection.js';

const broker = TEST_KAFKA_BROKERS[0] ?? '';

/** AlterUserScramCredentials (KIP-554), which kafkajs lacks, against the real broker. */
describe('AlterUserScramCredentials', () => {
  it('creates a SCRAM-SHA-512 user that can log in, replaces its password, and deletes it', async () => {
    const user = `scram-test-${randomUUID().slice(0, 8)}`;
    const first = randomBytes(18).toString('base64url');
    const second = randomBytes(18).toString('base64url');

    expect(await alterUserScramCredentials(broker, testKafkaSecurity(), [], [scramUpsertion(user, first)])).toEqual([
      { user, errorCode: 0, errorMessage: null },
    ]);
    expect(await canLogIn(user, first)).toBe(true);
    expect(await canLogIn(user, `${first}-wrong`)).toBe(false);

    await alterUserScramCredentials(broker, testKafkaSecurity(), [], [scramUpsertion(user, second)]);
    expect(await canLogIn(user, second)).toBe(true);
    expect(await canLogIn(user, first)).toBe(false);

    expect(await alterUserScramCredentials(broker, testKafkaSecurity(), [{ name: user, mechanism: SCRAM_SHA_512 }], [])).toEqual([
      { user, errorCode: 0, errorMessage: null },
    ]);
    expect(await canLogIn(user, second)).toBe(false);
  }, 60_000);

  it('answers an error per user, e.g. deleting a credential that does not exist', async () => {
    const [result] = await alterUserScramCredentials(broker, testKafkaSecurity(), [{ name: 'nobody-here', mechanism: SCRAM_SHA_512 }], []);
    expect(result).toMatchObject({ user: 'nobody-here', errorCode: 91 });
  });

  it('refuses a caller that is not a super user', async () => {
    const user = `scram-plain-${randomUUID().slice(0, 8)}`;
    const password = randomBytes(18).toString('base64url');
    await alterUserScramCredentials(broker, testKafkaSecurity(), [], [scramUpsertion(user, password)]);
    const [result] = await alterUserScramCredentials(broker, testKafkaSecurity(user, password), [], [scramUpsertion('someone-else', 'x')]);
    expect(result?.errorCode).toBe(31); // CLUSTER_AUTHORIZATION_FAILED
  });
});
