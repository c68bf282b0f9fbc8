/**
 * `node dist/bench/linkage-lookup.js [--people N] [--requests N]`: how fast the linkage service
 * answers one person over HTTP with many people stored. Preloads N person chains (each a realistic
 * PersonChain of a work permit, a residence permit, a talent card and four tax years, with its card
 * number in the GIN-indexed card_numbers), a decision and a case for every tenth person, by SQL in
 * batches; then measures p50/p99 of `GET /v1/talent-cards/:cardNo` and `GET /v1/chains/:subject`
 * (keys, purpose and the access log included) one request at a time on a keep-alive connection, and
 * prints the plan of the card query. Writes the figures to bench/results/. The target is
 * p99 ≤ 20 ms with 1,000,000 people.
 */
import 'reflect-metadata';
import { generateSigningKeyPair } from '@hub/identity';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { repoRoot } from '@hub/devstack';
import type { DataSource } from 'typeorm';
import { createDataSource, dropDatabase, ensureDatabase, runMigrationsExclusively, withDatabase } from '@hub/persistence';
import { startLinkageApiApp } from '../apps/linkage/src/api-access/testing/linkage-api-app.fixture.js';
import { CardLookupModule } from '../apps/linkage/src/cards/index.js';
import { LookupTalentCardHandler } from '../apps/linkage/src/cards/lookup-talent-card/lookup-talent-card.handler.js';
import { GetChainHandler } from '../apps/linkage/src/cases-api/get-chain/get-chain.handler.js';
import { CasesApiModule, linkageEventSigner } from '../apps/linkage/src/cases-api/index.js';
import { LINKAGE_MIGRATIONS } from '../apps/linkage/src/migrations/index.js';
import { readBenchSettings } from './bench-settings.js';
import { benchSubject, measureHttp, preloadChains, timed } from './linkage-chain-reads.js';
import { machineDescription } from './measure.js';

const KEY = 'bench-evaluator-key-'.padEnd(48, 'k');

const positive = (text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return value;
};
const options = new Command()
  .option('--people <n>', 'person chains to preload', positive, 1_000_000)
  .option('--requests <n>', 'requests measured per endpoint', positive, 2_000)
  .parse()
  .opts<{ people: number; requests: number }>();

const databaseUrl = withDatabase(readBenchSettings([]).databaseServerUrl, `linkage_lookup_bench_${process.pid}`);
let dataSource: DataSource | undefined;
let close: (() => Promise<void>) | undefined;
try {
  await ensureDatabase(databaseUrl);
  dataSource = await createDataSource({
    url: databaseUrl,
    applicationName: 'linkage-lookup-bench',
    entities: [],
    migrations: LINKAGE_MIGRATIONS,
  }).initialize();
  await runMigrationsExclusively(dataSource);
  const loadStarted = performance.now();
  await preloadChains(dataSource, options.people);
  const preloadSeconds = Math.round((performance.now() - loadStarted) / 1000);
  const api = await startLinkageApiApp(dataSource, `*:bench:${KEY}`, [
    CardLookupModule.forRoot(),
    CasesApiModule.forRoot({ signer: linkageEventSigner('linkage-bench', generateSigningKeyPair('ed25519').privateKey) }),
  ]);
  close = () => api.app.close();
  const person = (n: number) => 1 + ((n * 7_919 + 13) % options.people);
  const plan = await dataSource.query<{ 'QUERY PLAN': string }[]>(
    `EXPLAIN SELECT subject FROM person_chains WHERE card_numbers @> ARRAY[$1::text]`,
    [`TC-B-${person(1)}`],
  );
  await measureHttp(api.url, KEY, 200, (n) => `/v1/talent-cards/TC-B-${person(n + 1_000_003)}`);
  const cards = await measureHttp(api.url, KEY, options.requests, (n) => `/v1/talent-cards/TC-B-${person(n)}`);
  const subjectOf = (n: number) => benchSubject(person(n));
  await measureHttp(api.url, KEY, 200, (n) => `/v1/chains/${subjectOf(n + 1_000_003)}`);
  const chains = await measureHttp(api.url, KEY, options.requests, (n) => `/v1/chains/${subjectOf(n * 10)}`);
  // The same reads through the handlers alone: the database's and the pure answer's share, without HTTP and the access log.
  const caller = { agency: '*', name: 'bench' };
  const cardHandler = api.app.get(LookupTalentCardHandler, { strict: false });
  const chainHandler = api.app.get(GetChainHandler, { strict: false });
  const cardQueries = await timed(options.requests, (n) => cardHandler.lookup(`TC-B-${person(n + 17)}`, caller));
  const chainQueries = await timed(options.requests, (n) => chainHandler.get(subjectOf(n * 10 + 17), caller));
  console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
  console.log(`talent-card look-up with ${options.people} people: p50 ${cards.p50} ms, p99 ${cards.p99} ms, max ${cards.max} ms`);
  console.log(`person chain read with ${options.people} people: p50 ${chains.p50} ms, p99 ${chains.p99} ms, max ${chains.max} ms`);
  console.log(
    `handlers alone (no HTTP, no access log): card p50 ${cardQueries.p50} ms, p99 ${cardQueries.p99} ms; chain p50 ${chainQueries.p50} ms, p99 ${chainQueries.p99} ms`,
  );
  const result = {
    date: new Date().toISOString(),
    machine: machineDescription(),
    people: options.people,
    requests: options.requests,
    preloadSeconds,
    cards,
    chains,
  };
  const dir = join(repoRoot(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `linkage-lookup-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${file}`);
} catch (error) {
  console.error(`linkage look-up benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await close?.();
  await dataSource?.destroy();
  await dropDatabase(databaseUrl).catch(() => undefined);
}
