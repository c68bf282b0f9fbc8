import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { repoRoot, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@hub/devstack';
import pg from 'pg';
import { freePort } from '../support/hub-process.js';
import { expectNothingLost } from './support/expect-nothing-lost.js';
import { CLUSTER_FAULTS, DATABASE_FAULTS, PROCESS_FAULTS } from './support/fault-schedule.js';
import { KafkaCluster } from './support/kafka-cluster.js';
import { runFaultScenario } from './support/run-fault-scenario.js';

/** Fixed, so a run can be repeated fault for fault; FAULTS_SEED draws another schedule. */
const SEED = Number(process.env['FAULTS_SEED'] ?? 20_261_205);
/** FAULTS_EVENTS runs a smaller rehearsal (results named after its size, beside the full run's). */
const EVENTS = Number(process.env['FAULTS_EVENTS'] ?? 100_000);
const PEOPLE = Math.max(1, Math.floor(EVENTS / 2));
const FAULTS = 24;
const NAME = EVENTS === 100_000 ? 'full-run' : `rehearsal-${EVENTS}`;

/**
 * The full fault run (`npm run test:faults`): the hub (a process per role) and public security's
 * adapter on a three-node KRaft cluster (RF 3, min.insync.replicas=2, unclean election off,
 * SASL_SSL) behind TCP proxies, and a PostgreSQL server of the run's own; two bureaus publish
 * 100,000 events about 50,000 people to three subscribers while 24 seeded faults strike: partition
 * leader and active controller killed -9, a broker restarted, a broker paused past its session
 * timeout, connections delayed, cut and black-holed, PostgreSQL restarted, every hub role and the
 * adapter killed -9, the adapters scaled 1 → 3 → 1, the webhook endpoint failing, slow and down.
 * Results: tests/faults/results/full-run.json and full-run.svg.
 */
describe('faults, full run on a three-node cluster', () => {
  const cluster = new KafkaCluster();
  const dataDir = join(repoRoot(), '.cache/test/faults-postgres');
  let postgresPort = 0;
  let postgres: EmbeddedPostgresHandle | undefined;
  const startPostgres = async (): Promise<void> => {
    postgres = await startEmbeddedPostgres(dataDir, postgresPort, { cloneRoot: repoRoot() });
  };

  beforeAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    postgresPort = await freePort();
    await startPostgres();
    // Every hub role, three adapters and the checker connect at once: more than the default 100.
    const admin = new pg.Client({ connectionString: postgres?.adminUrl });
    await admin.connect();
    await admin.query('ALTER SYSTEM SET max_connections = 400');
    await admin.end();
    await postgres?.stop();
    await startPostgres();
    await cluster.start();
  }, 300_000);
  afterAll(async () => {
    await cluster.stop();
    await postgres?.stop();
  }, 120_000);

  it(`loses nothing, duplicates no effect and keeps each person in order through ${FAULTS} faults`, async () => {
    const result = await runFaultScenario({
      name: NAME,
      run: randomUUID().slice(0, 8),
      seed: SEED,
      events: EVENTS,
      people: PEOPLE,
      faults: FAULTS,
      faultWindowMs: Math.max(240_000, (600_000 * EVENTS) / 100_000),
      drainTimeoutMs: 1_200_000,
      resultsDir: join(import.meta.dirname, 'results'),
      cluster,
      database: {
        serverUrl: postgres?.adminUrl ?? '',
        stop: async () => postgres?.stop(),
        start: startPostgres,
      },
      kinds: [...CLUSTER_FAULTS, ...PROCESS_FAULTS, ...DATABASE_FAULTS],
    });
    expectNothingLost(result, { events: EVENTS, faults: FAULTS, seed: SEED });
  }, 3_600_000);
});
