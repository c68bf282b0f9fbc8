import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { psbGroupId, startHub, startPsbAdapter, type RunningApp } from '../support/running-apps.js';
import { startLinkage, type RunningLinkage } from '../support/running-linkage.js';

const DIR = join(process.cwd(), 'docker/observability');
const yamlOf = (path: string): Record<string, unknown> => parse(readFileSync(join(DIR, path), 'utf8')) as Record<string, unknown>;

interface Rule {
  alert: string;
  expr: string;
}
interface ScrapeConfig {
  job_name: string;
  metrics_path: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
  relabel_configs?: { source_labels: string[]; regex: string; target_label: string }[];
}
interface ComposeService {
  environment?: Record<string, string | number>;
}
interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

/** Series Prometheus makes itself, not a process. */
const PROMETHEUS_OWN = new Set(['up']);

/** Each job's targets as `host:port`: every name its DNS lookups resolve, on their port, and its static targets. */
function targetsByJob(configs: readonly ScrapeConfig[]): Record<string, string[]> {
  return Object.fromEntries(
    configs.map((config) => [
      config.job_name,
      [
        ...(config.dns_sd_configs ?? []).flatMap((lookup) => lookup.names.map((name) => `${name}:${lookup.port}`)),
        ...(config.static_configs ?? []).flatMap((group) => group.targets),
      ].sort(),
    ]),
  );
}

/**
 * What Prometheus must scrape by docker/compose.yml: every service that runs one of the apps (it has
 * an `APP`), each app a job, each service on its `HTTP_PORT`, where every app serves /metrics.
 */
function composeTargetsByJob(services: Record<string, ComposeService>): Record<string, string[]> {
  const byJob: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(services)) {
    const app = service.environment?.['APP'];
    if (app === undefined) continue;
    (byJob[String(app)] ??= []).push(`${name}:${String(service.environment?.['HTTP_PORT'])}`);
  }
  for (const targets of Object.values(byJob)) targets.sort();
  return byJob;
}

/** The metric names a PromQL expression selects, or the position of its first syntax error. */
function metricNames(expr: string): { names: string[]; errorAt?: number } {
  const names: string[] = [];
  let errorAt: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errorAt ??= node.from;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.push(expr.slice(node.from, node.to));
    },
  });
  return { names: names.map((name) => name.replace(/_(bucket|sum|count)$/, '')), ...(errorAt === undefined ? {} : { errorAt }) };
}

/** The metric names a /metrics answer declares (`# TYPE name …`), samples or not. */
async function declaredMetrics(url: string): Promise<Set<string>> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return new Set([...(await response.text()).matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] ?? ''));
}

/**
 * The Prometheus, alert and Grafana files under docker/observability parse, Prometheus scrapes
 * exactly the app services of docker/compose.yml, every PromQL expression in them parses (the
 * Prometheus project's own PromQL grammar), and every metric they use is one that a running hub
 * (every role), public-security adapter or linkage service declares on /metrics.
 */
describe('docker/observability', () => {
  const prometheus = yamlOf('prometheus.yml') as { rule_files: string[]; scrape_configs: ScrapeConfig[] };
  const alerts = yamlOf('alerts.yml') as { groups: { name: string; rules: Rule[] }[] };
  const rules = alerts.groups.flatMap((group) => group.rules);
  const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana/dashboards/hub-overview.json'), 'utf8')) as Dashboard;
  const expressions = [
    ...rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })),
    ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ where: `panel ${panel.title}`, expr: target.expr }))),
  ];
  let hub: RunningApp | undefined;
  let psb: RunningApp | undefined;
  let linkage: RunningLinkage | undefined;

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_ROLES: 'api,relay,dispatch,audit,ingest', METRICS_CACHE_MS: '0' } });
    psb = await startPsbAdapter({ hubUrl: hub.url, groupId: psbGroupId('observability') });
    linkage = await startLinkage(hub.url, { env: { METRICS_CACHE_MS: '0' } });
  });
  afterAll(async () => {
    await linkage?.destroy();
    await psb?.destroy();
    await hub?.destroy();
  });

  it('scrapes every service of docker/compose.yml that serves /metrics, each replica, and loads the alert rules', () => {
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    const compose = parse(readFileSync(join(process.cwd(), 'docker/compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, ComposeService>;
    };
    const expected = composeTargetsByJob(compose.services);
    // The stack runs each hub role as its own service: the file must not be read as naming only a few.
    expect(expected['hub']).toEqual(
      expect.arrayContaining([
        'hub-api:8080',
        'hub-relay:8080',
        'hub-audit:8080',
        'hub-dispatch:8080',
        'hub-console:8080',
        'hub-ingest:8080',
      ]),
    );
    expect(Object.keys(expected).sort()).toEqual(['hub', 'linkage', 'psb-adapter']);
    expect(targetsByJob(prometheus.scrape_configs)).toEqual(expected);
    for (const config of prometheus.scrape_configs) {
      expect({ job: config.job_name, path: config.metrics_path }).toEqual({ job: config.job_name, path: '/metrics' });
      // A-record lookups, so that a service's replicas (hub-api and hub-relay run two) are each a target.
      for (const lookup of config.dns_sd_configs ?? []) expect(lookup.type).toBe('A');
    }
    // The hub's `role` label is its service name without `hub-`, which is the one role the service runs.
    const hub = prometheus.scrape_configs.find((config) => config.job_name === 'hub');
    expect(hub?.relabel_configs).toEqual([{ source_labels: ['__meta_dns_name'], regex: 'hub-(.+)', target_label: 'role' }]);
    for (const [name, service] of Object.entries(compose.services).filter(([, service]) => service.environment?.['APP'] === 'hub')) {
      expect({ name, role: service.environment?.['HUB_ROLES'] }).toEqual({ name, role: name.replace(/^hub-/, '') });
    }
    for (const path of ['grafana/provisioning/datasources/prometheus.yml', 'grafana/provisioning/dashboards/hub.yml']) {
      expect(yamlOf(path)).toMatchObject({ apiVersion: 1 });
    }
  });

  it('alerts on growing lag, growing dead letters, outbox age, stalled audit sealing, overdue cases and a process down', () => {
    const byName = new Map(rules.map((rule) => [rule.alert, rule.expr.replace(/\s+/g, ' ')]));
    expect(byName.get('AgencyConsumerLagGrowing')).toContain('deriv(hub_agency_consumer_lag_messages[15m]) > 0');
    expect(byName.get('AdapterConsumerLagGrowing')).toContain('deriv(kafka_consumer_group_lag[15m]) > 0');
    expect(byName.get('HubDeadLettersGrowing')).toContain('hub_dead_letters');
    expect(byName.get('AdapterDeadLettersGrowing')).toContain('agency_adapter_dead_letters');
    expect(byName.get('OutboxOldestEventTooOld')).toContain('hub_outbox_oldest_age_seconds');
    expect(byName.get('AuditSealingStalled')).toContain('hub_audit_oldest_unsealed_age_seconds');
    expect(byName.get('LinkageCasesOverdue')).toContain('linkage_cases{state="overdue"}');
    expect(byName.get('ProcessDown')).toBe('up == 0');
  });

  it('writes every expression in valid PromQL', () => {
    expect(expressions.length).toBeGreaterThan(30);
    const broken = expressions.filter(({ expr }) => metricNames(expr).errorAt !== undefined).map(({ where }) => where);
    expect(broken).toEqual([]);
    // The grammar is not a formality: an unbalanced expression is caught.
    expect(metricNames('sum by (agency (rate(hub_events_accepted_total[5m]))').errorAt).toBeDefined();
  });

  it('uses only metrics that the running processes declare on /metrics', async () => {
    const declared = new Set<string>();
    for (const app of [hub, psb, linkage]) for (const name of await declaredMetrics(app?.url ?? '')) declared.add(name);
    const used = new Set(expressions.flatMap(({ expr }) => metricNames(expr).names));
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((name) => !PROMETHEUS_OWN.has(name) && !declared.has(name)).sort()).toEqual([]);
    expect(declared.has('hub_events_accepted_tota')).toBe(false);
  });
});
