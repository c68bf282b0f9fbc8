// The full fault run (`npm run test:faults`): tests/faults/**/*.faults-spec.ts, kept out of `npm test`
// (which runs the shortened tests/faults/short-run.e2e-spec.ts). The shared test broker of global
// setup still starts: the suite takes its TLS identity and users for its own three-node cluster.
import { common } from './jest.config.js';

export default {
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/tests/faults/**/*.faults-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/global-teardown.mjs',
    },
  ],
};
