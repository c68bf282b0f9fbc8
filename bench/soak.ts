/**
 * `npm run soak -- --minutes N` (`npm run soak -- --help` lists the options): the hub as the benchmark
 * runs it (API, relay + audit, a dispatcher while the hub has that role, public security's adapter on
 * a fresh local broker), offered signed events at a fixed rate (default 1,000 events/s, 10 per
 * request, a new person each) for N minutes (default 60), sampled every 10 s: each process's RSS,
 * publish → recorded latency p50/p99 over the window, the adapter group's consumer lag, the outbox
 * depth and the rates. Writes soak-<N>m.json and soak-<N>m.svg to --out (default bench/results/soak)
 * and exits 1 when the offered rate was not sustained or a series grows over the second half.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { repoRoot } from '@hub/devstack';
import { machineDescription } from './measure.js';
import { PresignedRequestReader, writePresignedRequests } from './presigned-requests.js';
import { soakChart } from './soak-chart.js';
import { PSB_CONSUMER_GROUP, startSoakHub, type SoakHub } from './soak-hub.js';
import { offerSoakLoad } from './soak-load.js';
import { sustainedOf, summaryLines, trendsOf } from './soak-report.js';
import type { SoakSample } from './soak-sample.js';
import { takeSample, type SamplerMark } from './soak-sampler.js';
import { readSoakSettings, soakFileStem, type SoakSettings } from './soak-settings.js';
import { verdictOf } from './soak-trend.js';

const settings = settingsOrExit();
const root = repoRoot();
const runDate = new Date();
const stamp = runDate.toISOString().replace(/[:.]/g, '-');
let hub: SoakHub | undefined;
// The run's events, signed before the clock starts; removed when the run ends.
const requestsFile = join(root, '.cache/soak', `requests-${stamp}.ndjson`);
// Ctrl-C or a kill stops what the run started (its broker, processes and PostgreSQL) before exiting.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the hub, the adapter, the broker and the run's databases`);
    rmSync(requestsFile, { force: true });
    void (hub?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

try {
  const machine = { ...machineDescription(), commit: commitOf(root) };
  log(`machine: ${machine.cpus} × ${machine.cpuModel ?? '?'}, ${machine.memoryGiB} GiB, Node ${machine.node}, commit ${machine.commit}`);
  hub = await startSoakHub(settings, stamp, log);
  const seconds = settings.minutes * 60;
  const total = Math.round(settings.rate * seconds);
  // Signed before the clock starts, as the benchmark's loads are: signing on the clock would take
  // a tenth of this machine's two cores from the hub at 1,000 events/s.
  const signingStarted = Date.now();
  const written = await writePresignedRequests(requestsFile, total, settings.eventsPerRequest, hub.sign, (signed) =>
    log(`  signed ${signed} of ${total} events`),
  );
  const signingSeconds = (Date.now() - signingStarted) / 1000;
  log(
    `${total} events signed in ${signingSeconds.toFixed(0)} s (${Math.round(total / signingSeconds)}/s), ` +
      `${written.requests} requests, ${(written.bytes / 2 ** 20).toFixed(0)} MiB in ${requestsFile}`,
  );
  const reader = new PresignedRequestReader(requestsFile);
  log(
    `soak: ${settings.rate} events/s offered for ${settings.minutes} min, ${settings.eventsPerRequest} per request, sampled every ${settings.sampleSeconds} s`,
  );
  const startedAt = Date.now();
  const load = offerSoakLoad(settings.rate, seconds, settings.eventsPerRequest, hub.post, reader.source());
  const sources = {
    processes: hub.pids,
    psb: hub.psb,
    hub: hub.hub,
    admin: hub.admin,
    groupId: PSB_CONSUMER_GROUP,
    load: load.state,
    startedAt,
  };
  const samples: SoakSample[] = [];
  let mark: SamplerMark = { at: startedAt, sent: 0, accepted: 0, recorded: 0 };
  // On a fixed schedule from the start; the last sample waits for the load's last answers too.
  const count = Math.max(1, Math.ceil(seconds / settings.sampleSeconds));
  for (let n = 1; n <= count; n += 1) {
    const due = startedAt + n * settings.sampleSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    if (n === count) {
      await load.done;
      reader.close();
    }
    const taken = await takeSample(sources, mark);
    mark = taken.mark;
    samples.push(taken.sample);
    log(describe(taken.sample));
  }
  const loadSeconds = (mark.at - startedAt) / 1000;
  const sustained = sustainedOf({
    seconds: loadSeconds,
    offeredPerSecond: settings.rate,
    sent: load.state.sent,
    accepted: load.state.accepted,
    rejected: load.state.rejected,
    firstRejection: load.state.firstRejection,
    recorded: mark.recorded,
    generatorBehindMs: load.state.generatorBehindMs,
  });
  const trends = trendsOf(samples);
  const verdict = verdictOf(trends);
  const result = {
    date: runDate.toISOString(),
    settings: { ...settings, processes: hub.processes.map((p) => ({ name: p.name, roles: p.roles })) },
    machine: { ...machine, kafka: '4.1.1 (single node, KRaft)', postgres: hub.postgresVersion },
    load: {
      seconds: loadSeconds,
      offeredPerSecond: settings.rate,
      sentEvents: load.state.sent,
      acceptedEvents: load.state.accepted,
      rejectedEvents: load.state.rejected,
      firstRejection: load.state.firstRejection ?? null,
      recordedEvents: mark.recorded,
      acceptedPerSecond: sustained.acceptedPerSecond,
      recordedPerSecond: sustained.recordedPerSecond,
      generatorBehindMs: load.state.generatorBehindMs,
      presigned: { events: total, requests: written.requests, bytes: written.bytes, seconds: signingSeconds },
      sustained: sustained.sustained,
    },
    samples,
    trends,
    growthTrend: verdict.growthTrend,
    verdict: verdict.text,
  };
  const outDir = resolve(root, settings.outDir);
  mkdirSync(outDir, { recursive: true });
  const stem = join(outDir, soakFileStem(settings.minutes));
  writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(
    `${stem}.svg`,
    soakChart(
      `Soak, ${settings.rate} events/s for ${settings.minutes} min (${runDate.toISOString().slice(0, 16)}Z, ${machine.commit})`,
      samples,
    ),
  );
  for (const line of summaryLines(samples, trends, sustained, verdict.text)) log(line);
  log(`written to ${stem}.json and ${stem}.svg`);
  if (!sustained.sustained || verdict.growthTrend) process.exitCode = 1;
} catch (error) {
  console.error(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(requestsFile, { force: true });
  await hub?.stop();
}

/** The settings, or the process ends: 0 after --help, 2 on a bad option (commander has printed why). */
function settingsOrExit(): SoakSettings {
  try {
    return readSoakSettings();
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.code === 'commander.helpDisplayed' ? 0 : 2);
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

/** The commit the run measured, marked when the work tree had changes. */
function commitOf(dir: string): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, encoding: 'utf8' }).stdout.trim() !== '';
  return dirty ? `${head}-dirty` : head;
}

function describe(sample: SoakSample): string {
  const rss = Object.entries(sample.rssMiB)
    .map(([name, mib]) => `${name} ${mib}`)
    .join(', ');
  return (
    `  ${sample.seconds.toFixed(0).padStart(5)} s: ${sample.recordedPerSecond} recorded/s, p50 ${sample.p50Ms ?? '—'} / p99 ${sample.p99Ms ?? '—'} ms, ` +
    `lag ${sample.consumerLag}, outbox ${sample.outboxDepth}; RSS MiB ${rss}`
  );
}

function log(text: string): void {
  console.log(text);
}
