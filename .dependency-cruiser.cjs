/**
 * Layer rules (see ../shared STYLE): apps depend on libs, libs on @hub/contracts, contracts on
 * nothing of ours; no cycles; no app imports another app; no lib imports an app. Libs are resolved
 * through tsconfig.json's paths (options.tsConfig), the one list of @hub/* aliases.
 */

/** Code that ships: the apps and every lib except the dev tooling (devstack, testing). */
const PRODUCTION_CODE = '^(apps/|libs/(?!devstack/|testing/))';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'contracts-import-nothing-of-ours',
      severity: 'error',
      from: { path: '^libs/contracts/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(libs/(?!contracts/)|apps/|scripts/|tests/|bench/)' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|scripts|tests|bench)/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'hub-features-meet-through-their-index',
      comment:
        'A feature folder of the hub uses a sibling only through its index.ts (its public API); config/ and migrations/ are shared by all.',
      severity: 'error',
      from: { path: '^apps/hub/src/([^/]+)/' },
      to: {
        path: '^apps/hub/src/[^/]+/',
        pathNot: ['^apps/hub/src/$1/', '^apps/hub/src/[^/]+/index\\.ts$', '^apps/hub/src/(config|migrations)/'],
      },
    },
    {
      name: 'hub-kernel-imports-no-feature',
      comment: 'The kernel sits under every feature of the hub, so it imports none of them (only config/).',
      severity: 'error',
      from: { path: '^apps/hub/src/kernel/' },
      to: { path: '^apps/hub/src/[^/]+/', pathNot: '^apps/hub/src/(kernel|config)/' },
    },
    {
      name: 'apps-reach-kafka-through-messaging',
      comment: 'The Kafka client is a detail of @hub/messaging (its ports and helpers), so it can be replaced without touching the apps.',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '(^|/)node_modules/kafkajs/' },
    },
    {
      name: 'apps-do-not-use-dev-tooling',
      comment:
        "devstack and testing serve scripts, benchmarks and tests; production code must not need them (a lib's own src/testing/ fixtures are test code).",
      severity: 'error',
      from: {
        path: PRODUCTION_CODE,
        pathNot: '(\\.(spec|int-spec)\\.ts$|^libs/[^/]+/src/testing/)',
      },
      to: { path: '^libs/(devstack|testing)/' },
    },
    {
      name: 'no-dev-dependencies-in-production-code',
      severity: 'error',
      from: {
        path: PRODUCTION_CODE,
        pathNot: '\\.(spec|int-spec)\\.ts$',
      },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs'],
    },
  },
};
