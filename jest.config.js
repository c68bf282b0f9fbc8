// Three tiers, told apart by file suffix: `*.spec.ts` (unit, beside the code, fakes allowed),
// `*.int-spec.ts` (integration, real Kafka and PostgreSQL) and `tests/**/*.e2e-spec.ts` (journeys
// across the running apps), plus `tests/browser/**/*.browser-spec.ts` (the ops console in headless
// Chromium against a running hub). All but the unit tier share one real broker started by global-setup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jestModuleNameMapper, REPO_ROOT } from './scripts/build/aliases.mjs';

// The compiler settings are .swcrc's and the @hub/* aliases tsconfig.json's, as in the build.
const swcrc = JSON.parse(readFileSync(join(REPO_ROOT, '.swcrc'), 'utf8'));
const swc = ['@swc/jest', { swcrc: false, sourceMaps: 'inline', jsc: swcrc.jsc, module: { type: 'es6' } }];

export const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { ...jestModuleNameMapper(), '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['reflect-metadata'],
};

export default {
  // Integration suites start apps and brokers; their hooks need more than the 5 s default.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,bench,tests}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/tests/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/global-teardown.mjs',
    },
  ],
};
