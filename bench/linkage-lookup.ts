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
import { createDataSource, dropDatabase, ensureDatabase, runMigrationsExclusively, withDatabase } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { startLinkageApiApp } from '../apps/linkage/src/api-access/testing/linkage-api-app.fixture.js';
import { CardLookupModule } from '../apps/linkage/src/cards/index.js';
import { LookupTalentCardHandler } from '../apps/linkage/src/cards/lookup-talent-card/lookup-talent-card.handler.js';
import { GetChainHandler } from '../apps/linkage/src/cases-api/get-chain/get-chain.handler.js';
import { CasesApiModule, linkageEventSigner } from '../apps/linkage/src/cases-api/index.js';
import { buildChain } from '../apps/linkage/src/chain/apply-event.js';
import { LINKAGE_MIGRATIONS } from '../apps/linkage/src/migrations/index.js';
import { employer, event, holder } from '../apps/linkage/src/testing/chain-events.fixture.js';
import { readBenchSettings } from './bench-settings.js';
import { machineDescription, percentile } from './measure.js';

const SUBJECT = 'sub_ffffffffffffffffffffffffffffffff';
const CARD = 'TC-BENCH-CARD-PLACEHOLDER';
const KEY = 'bench-evaluator-key-'.padEnd(48, 'k');
const BATCH = 50_000;

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

/** One person's chain as JSON text, with placeholders for the subject and the card number. */
function chainTemplate(): string {
  const tax = (year: number) =>
    event(
      'tax.annual-income-reported',
      {
        reportNo: `T${year}`,
        holder,
        taxYear: year,
        employer,
        annualSalary: '700000.00',
        individualIncomeTaxPaid: '150000.00',
        reportedOn: `${year + 1}-05-20`,
      },
      { id: `tax-${year}`, subject: SUBJECT, time: `${year + 1}-05-20T09:00:00+08:00` },
    );
  const events = [
    event(
      'work-permit.issued',
      { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Chief scientist', validFrom: '2021-01-05', validTo: '2030-01-04' },
      { id: 'wp', subject: SUBJECT, time: '2021-01-05T09:00:00+08:00' },
    ),
    event(
      'residence-permit.issued',
      {
        permitNo: 'RP1',
        holder,
        purpose: 'work',
        issuedOn: '2021-02-01',
        validFrom: '2021-02-01',
        validTo: '2026-01-31',
        workPermitNo: 'WP1',
      },
      { id: 'rp', subject: SUBJECT, time: '2021-02-01T09:00:00+08:00' },
    ),
    event(
      'talent-card.issued',
      {
        cardNo: CARD,
        holder,
        tier: 'A',
        workPermitNo: 'WP1',
        issuedOn: '2022-02-16',
        validTo: '2031-02-15',
        services: ['residence', 'medical'],
      },
      { id: 'card', subject: SUBJECT, time: '2022-02-16T09:00:00+08:00' },
    ),
    ...[2021, 2022, 2023, 2024].map(tax),
  ];
  return JSON.stringify(buildChain(SUBJECT, events));
}

const subjectSql = (i: string) => `'sub_' || lpad(to_hex(${i}), 32, '0')`;
const cardSql = (i: string) => `'TC-B-' || ${i}`;

async function preload(dataSource: DataSource, people: number): Promise<void> {
  const template = chainTemplate();
  console.log(`preloading ${people} chains of ${template.length} bytes of JSON each …`);
  for (let from = 1; from <= people; from += BATCH) {
    const to = Math.min(people, from + BATCH - 1);
    await dataSource.query(
      `INSERT INTO person_chains (subject, chain, province, card_numbers, event_count, updated_at)
       SELECT ${subjectSql('i')}, replace(replace($1, $2, ${subjectSql('i')}), $3, ${cardSql('i')})::jsonb, '310000',
              ARRAY[${cardSql('i')}], 7, now()
         FROM generate_series($4::int, $5::int) AS i`,
      [template, SUBJECT, CARD, from, to],
    );
    await dataSource.query(
      `INSERT INTO decisions (key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, digest, decided_on)
       SELECT 'LNK-06:' || ${subjectSql('i')}, ${subjectSql('i')}, 'LNK-06-HIGH-LEVEL-TALENT', 1, 'simplified-procedures',
              '{"en": "Simplified procedures", "zh": "适用简化程序"}', ARRAY[gen_random_uuid()::text], '{"asOf": "2026-03-02"}', 'digest', '2026-03-02'
         FROM generate_series($1::int, $2::int) AS i WHERE i % 10 = 0`,
      [from, to],
    );
    await dataSource.query(
      `INSERT INTO cases (id, case_key, decision_key, subject, rule_id, rule_version, kind, label, owner_agency, province, state, opened_on, due_date, caused_by)
       SELECT gen_random_uuid(), 'LNK-06:' || ${subjectSql('i')} || '/review/psb-310000', 'LNK-06:' || ${subjectSql('i')}, ${subjectSql('i')},
              'LNK-06-HIGH-LEVEL-TALENT', 1, 'residence-review', '{"en": "Review", "zh": "复核"}', 'psb-310000', '310000', 'open',
              '2026-03-02', '2026-03-16', ARRAY[gen_random_uuid()::text]
         FROM generate_series($1::int, $2::int) AS i WHERE i % 10 = 0`,
      [from, to],
    );
    console.log(`  ${to} / ${people}`);
  }
  await dataSource.query('ANALYZE person_chains, decisions, cases');
}

interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Latencies in ms of `count` calls of `call`, one at a time. */
async function timed(count: number, call: (n: number) => Promise<unknown>): Promise<Latency> {
  const times: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const started = performance.now();
    await call(n);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), max: round(times.at(-1) ?? Number.NaN) };
}

/** Latencies of HTTP requests to paths from `pathOf` on one keep-alive connection. */
function measure(url: string, count: number, pathOf: (n: number) => string): Promise<Latency> {
  return timed(count, async (n) => {
    const response = await fetch(`${url}${pathOf(n)}`, { headers: { authorization: `Bearer ${KEY}`, 'x-purpose': 'benchmark' } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${pathOf(n)} answered ${response.status}`);
  });
}

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
  await preload(dataSource, options.people);
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
  await measure(api.url, 200, (n) => `/v1/talent-cards/TC-B-${person(n + 1_000_003)}`);
  const cards = await measure(api.url, options.requests, (n) => `/v1/talent-cards/TC-B-${person(n)}`);
  const subjectOf = (n: number) => `sub_${person(n).toString(16).padStart(32, '0')}`;
  await measure(api.url, 200, (n) => `/v1/chains/${subjectOf(n + 1_000_003)}`);
  const chains = await measure(api.url, options.requests, (n) => `/v1/chains/${subjectOf(n * 10)}`);
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
