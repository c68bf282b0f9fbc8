import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { repoRoot } from '@hub/devstack';
import { expectNothingLost } from './support/expect-nothing-lost.js';
import { PROCESS_FAULTS } from './support/fault-schedule.js';
import { runFaultScenario } from './support/run-fault-scenario.js';

/** A new seed each run, printed with the results so a failing run can be repeated (FAULTS_SEED in the full run). */
const SEED = Number.parseInt(randomUUID().slice(0, 8), 16);

/**
 * The fault suite, shortened to fit `npm test`: the shared single test broker, 10,000 events about
 * 2,500 people from two bureaus, three subscribers, and six faults at seeded moments (every hub
 * role and the adapter killed -9 in turn, the webhook endpoint failing, slow or down). The full run
 * (`npm run test:faults`, tests/faults/full-run.faults-spec.ts) is the same scenario on a
 * three-broker cluster with broker faults, at ten times the size.
 */
describe('faults, shortened run', () => {
  it('loses nothing, duplicates no effect and keeps each person in order through six faults', async () => {
    const result = await runFaultScenario({
      name: 'short-run',
      run: randomUUID().slice(0, 8),
      seed: SEED,
      events: 10_000,
      people: 2_500,
      faults: 6,
      faultWindowMs: 45_000,
      drainTimeoutMs: 90_000,
      resultsDir: join(repoRoot(), '.cache/test/faults'),
      kinds: PROCESS_FAULTS,
    });
    expectNothingLost(result, { events: 10_000, faults: 6, seed: SEED });
  }, 290_000);
});
