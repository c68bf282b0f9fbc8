/**
 * `npm run bench:console -- --stored N` (`--help` lists the options): how fast the ops console answers
 * on a hub that holds N events. Starts the hub as the soak does, with the console role on the API
 * process; publishes a few thousand signed events through it (so flows, lag and a real event to clone
 * exist); preloads N stored events in SQL (`preloadStoredEvents`, as `npm run bench -- --stored`);
 * then, signed in as an operator, times every console API call the pages make (`--repeat` times each,
 * after one warm-up) and every page in Debian's Chromium, from navigation until the page's last API
 * answer arrived. Writes bench/results/console-stored-<N>-<time>.json; exits 1 when a page or call
 * took more than `--limit-ms` (default 1,000) at p95.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '@hub/devstack';
import { waitUntil } from '@hub/testing';
import { addConsoleOperator, ConsoleClient } from '../apps/hub/src/console/testing/console-client.js';
import { parseCount } from './bench-settings.js';
import { machineDescription, percentile } from './measure.js';
import { checkStoredFits, preloadStoredEvents } from './preload-stored.js';
import { startSoakHub, type SoakHub } from './soak-hub.js';
import { signedOnDemand } from './presigned-requests.js';
import { offerSoakLoad } from './soak-load.js';

interface ConsoleBenchSettings {
  readonly stored: number;
  readonly events: number;
  readonly repeat: number;
  readonly limitMs: number;
  readonly outDir: string;
  readonly kafkaPort: number;
  readonly httpPort: number;
  readonly databaseServerUrl: string | undefined;
  /** Wait before timing until the machine's one-minute load average is at most this (undefined: do not wait). */
  readonly quietLoad: number | undefined;
}

/** Milliseconds of one call or page, over its repeats. */
interface Timing {
  readonly name: string;
  readonly status: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

const PURPOSE = 'console-benchmark';

function readSettings(argv: readonly string[]): ConsoleBenchSettings {
  const program = new Command('bench:console')
    .description('Time the ops console’s API calls and pages on a hub holding --stored events.')
    .option('--stored <n>', 'events preloaded before measuring (0: none)', (text: string) => parseCount(text, '--stored', true), 1_000_000)
    .option('--events <n>', 'signed events published through the hub first', (text: string) => parseCount(text, '--events'), 3_000)
    .option('--repeat <n>', 'timed repeats of each call and page', (text: string) => parseCount(text, '--repeat'), 10)
    .option('--limit-ms <n>', 'p95 a call or page may take', (text: string) => parseCount(text, '--limit-ms'), 1_000)
    .option('--out <dir>', 'directory for the results', 'bench/results')
    .option(
      '--quiet-load <n>',
      "before timing, wait (up to an hour) until the machine's one-minute load average is at most n, so other work does not skew the figures",
      (text: string) => {
        const load = Number(text);
        if (!(load > 0)) throw new InvalidArgumentError('--quiet-load must be a positive number');
        return load;
      },
    )
    .option('--kafka-port <n>', "the run's broker port (controller: +1)", (text: string) => parseCount(text, '--kafka-port'), 49192)
    .option(
      '--http-port <n>',
      "the hub API's port (the adapter, relay and dispatcher take the next three)",
      (text: string) => {
        const port = parseCount(text, '--http-port');
        if (port > 65_000) throw new InvalidArgumentError('--http-port must leave room for three more ports');
        return port;
      },
      18180,
    )
    .exitOverride();
  program.parse([...argv], { from: 'user' });
  const options = program.opts<{
    stored: number;
    events: number;
    repeat: number;
    limitMs: number;
    out: string;
    kafkaPort: number;
    httpPort: number;
    quietLoad?: number;
  }>();
  return {
    stored: options.stored,
    events: options.events,
    repeat: options.repeat,
    limitMs: options.limitMs,
    outDir: resolve(options.out),
    kafkaPort: options.kafkaPort,
    httpPort: options.httpPort,
    databaseServerUrl: process.env['DATABASE_URL'] || undefined,
    quietLoad: options.quietLoad,
  };
}

function timingOf(name: string, status: number, samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { name, status, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), maxMs: round(sorted.at(-1) ?? NaN) };
}

/** Every API call the console's pages make on opening (the path page with a stored person and a correlation id). */
function consoleCalls(subject: string, correlationId: string): { name: string; path: string; headers?: Record<string, string> }[] {
  return [
    { name: 'overview', path: '/console/api/overview' },
    { name: 'flows (1 h)', path: '/console/api/flows?range=1h&by=domain' },
    { name: 'flows (24 h)', path: '/console/api/flows?range=24h&by=agency' },
    { name: 'lag', path: '/console/api/lag' },
    { name: 'dead letters', path: '/console/api/dead-letters' },
    { name: 'agencies', path: '/console/api/agencies' },
    { name: 'subscriptions', path: '/console/api/subscriptions' },
    { name: 'reconciliations', path: '/console/api/reconciliations' },
    { name: 'audit', path: '/console/api/audit' },
    { name: 'person path (subject)', path: `/console/api/path?subject=${encodeURIComponent(subject)}`, headers: { 'x-purpose': PURPOSE } },
    {
      name: 'person path (correlation id)',
      path: `/console/api/path?correlationId=${encodeURIComponent(correlationId)}`,
      headers: { 'x-purpose': PURPOSE },
    },
  ];
}

/** The machine's one-minute load average, to two decimals. */
function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/**
 * Waits until the one-minute load average is at most `limit` (checked every 15 s, for at most an
 * hour; then it measures anyway and says so). Answers the load average the timing starts at.
 */
async function waitForQuiet(limit: number | undefined, log: (text: string) => void): Promise<number> {
  if (limit === undefined) return loadAverage();
  const deadline = Date.now() + 3_600_000;
  let told = 0;
  while (loadAverage() > limit && Date.now() < deadline) {
    if (Date.now() - told > 300_000) {
      log(`waiting for the machine to quieten: load average ${loadAverage()}, measuring at ${limit} or below`);
      told = Date.now();
    }
    await sleep(15_000);
  }
  if (loadAverage() > limit) log(`the load average is still ${loadAverage()} after an hour; measuring anyway`);
  return loadAverage();
}

const PAGES = ['/console/', '/console/flows', '/console/lag', '/console/dead-letters', '/console/subscriptions', '/console/audit'];

/**
 * Each page opened `repeat` times in Chromium (after one warm-up): from navigation start until the
 * last of the page's /console/api/ answers ended, read from the page's own resource timings once
 * the network has been idle.
 */
async function timePages(
  browser: Browser,
  url: string,
  account: { username: string; password: string },
  repeat: number,
): Promise<Timing[]> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto('/console/login');
  await page.locator('[data-test=username]').fill(account.username);
  await page.locator('[data-test=password]').fill(account.password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('[data-test=operator]').waitFor();
  // The worst answer of the page being timed (its calls' statuses are not otherwise seen).
  const worst = { status: 200 };
  page.on('response', (response) => {
    if (response.url().includes('/console/api/') && response.status() >= 400) worst.status = response.status();
  });
  const timings: Timing[] = [];
  for (const path of PAGES) {
    worst.status = 200;
    const samples: number[] = [];
    for (let n = 0; n <= repeat; n += 1) {
      await page.goto(path, { waitUntil: 'networkidle' });
      const loaded = await page.evaluate(() => {
        const answers = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/console/api/'));
        return answers.length === 0 ? -1 : Math.max(...answers.map((entry) => (entry as unknown as { responseEnd: number }).responseEnd));
      });
      if (loaded < 0) throw new Error(`${path} made no /console/api/ call`);
      if (n > 0) samples.push(loaded);
    }
    timings.push(timingOf(path, worst.status, samples));
  }
  await context.close();
  return timings;
}

const settings = readSettings(process.argv.slice(2));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const log = (text: string): void => console.log(text);
let hub: SoakHub | undefined;
let browser: Browser | undefined;
let exitCode = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([browser?.close(), hub?.stop()]).finally(() => process.exit(130));
  });
}
try {
  const machine = machineDescription();
  log(`machine: ${machine.cpus} × ${machine.cpuModel ?? '?'}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  hub = await startSoakHub({ ...settings, minutes: 0, rate: 0, eventsPerRequest: 10, sampleSeconds: 10 }, stamp, log, {
    apiRoles: 'api,console',
  });
  if (settings.stored > 0) await checkStoredFits(hub.hubDatabaseUrl, settings.stored, log);
  const load = offerSoakLoad(1_000, settings.events / 1_000, 10, hub.post, signedOnDemand(hub.sign));
  await load.done;
  if (load.state.accepted !== settings.events)
    throw new Error(`the hub accepted ${load.state.accepted} of ${settings.events} events: ${load.state.firstRejection}`);
  const psb = hub.psb;
  await waitUntil(
    'public security recorded the published events',
    async () => Number((await psb.query<{ n: string }>('SELECT count(*)::text AS n FROM inbox')).rows[0]?.n ?? 0) >= settings.events,
    300_000,
    1_000,
  );
  log(`${settings.events} events published and recorded by public security`);
  const subscriptionId = (await hub.hub.query<{ id: string }>('SELECT id::text FROM subscriptions ORDER BY created_at LIMIT 1')).rows[0]
    ?.id;
  if (!subscriptionId) throw new Error('public security has no subscription');
  const preloaded =
    settings.stored > 0
      ? await preloadStoredEvents(hub.hubDatabaseUrl, hub.psbDatabaseUrl, settings.stored, subscriptionId, log)
      : { seconds: 0, rows: {} };
  const person = (
    await hub.hub.query<{ subject: string; correlation_id: string }>(
      `SELECT subject, correlation_id FROM events ORDER BY received_at DESC OFFSET $1 LIMIT 1`,
      [Math.floor(settings.stored / 2)],
    )
  ).rows[0];
  if (!person) throw new Error('no stored event to look a person up by');

  const loadAtStart = await waitForQuiet(settings.quietLoad, log);

  const account = { username: 'bench-operator', password: 'bench-operator-password-1', role: 'operator' as const };
  await addConsoleOperator(hub.url, hub.adminToken, account);
  const client = await ConsoleClient.logIn(hub.url, account.username, account.password);
  const calls: Timing[] = [];
  for (const call of consoleCalls(person.subject, person.correlation_id)) {
    const samples: number[] = [];
    let status = 0;
    for (let n = 0; n <= settings.repeat; n += 1) {
      const started = performance.now();
      const answer = await client.get(call.path, call.headers);
      if (n > 0) samples.push(performance.now() - started);
      status = answer.status;
    }
    calls.push(timingOf(call.name, status, samples));
    log(`  ${call.name}: ${JSON.stringify(calls.at(-1))}`);
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const pages = await timePages(browser, hub.url, account, settings.repeat);
  for (const page of pages) log(`  page ${page.name}: ${JSON.stringify(page)}`);

  const failures = [...calls, ...pages].filter((timing) => timing.status !== 200 || !(timing.p95Ms <= settings.limitMs));
  const result = {
    date: new Date().toISOString(),
    settings: { ...settings, databaseServerUrl: undefined },
    machine,
    stored: { events: settings.stored, preloadSeconds: Math.round(preloaded.seconds), ...preloaded.rows },
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
    calls,
    pages,
    limitMs: settings.limitMs,
    verdict:
      failures.length === 0
        ? `every call and page within ${settings.limitMs} ms at p95`
        : `over ${settings.limitMs} ms at p95 or failed: ${failures.map((f) => f.name).join(', ')}`,
  };
  mkdirSync(settings.outDir, { recursive: true });
  const file = join(settings.outDir, `console-stored-${settings.stored}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`${result.verdict}\nwrote ${file.replace(`${repoRoot()}/`, '')}`);
  if (failures.length > 0) exitCode = 1;
} catch (error) {
  console.error(`console benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await hub?.stop();
}
process.exit(exitCode);
