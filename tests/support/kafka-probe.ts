import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureKafkaJars, repoRoot } from '@hub/devstack';
import { TEST_KAFKA_BROKERS, testKafkaCaFile } from '@hub/testing';

/** What an outside client printed, and how it ended. */
export interface ClientOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Apache Kafka's own Java client (docker/kafka-local/KafkaProbe.java), an outside client that shares
 * no code with the hub: consumes `topic` (in `group` when given) or produces a marker record to it,
 * as `user`. A refusal is printed as `REFUSED <exception>` on stderr.
 */
export function kafkaProbe(mode: 'consume' | 'produce', user: string, password: string, topic: string, group?: string): ClientOutcome {
  const program = join(repoRoot(), 'docker/kafka-local/KafkaProbe.java');
  const args = ['-cp', `${ensureKafkaJars()}/*`, program, mode, TEST_KAFKA_BROKERS[0] ?? '', user, password, testKafkaCaFile(), topic];
  const result = spawnSync('java', group === undefined ? args : [...args, group], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
