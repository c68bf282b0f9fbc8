import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { BureauAdapterConfig } from '../../apps/bureau-adapter/src/config/bureau-adapter-config.js';
import { HubConfig } from '../../apps/hub/src/config/hub-config.js';
import { LinkageConfig } from '../../apps/linkage/src/config/linkage-config.js';
import { PsbAdapterConfig } from '../../apps/psb-adapter/src/config/psb-adapter-config.js';
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
  static_configs: { targets: string[] }[];
}
interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

/** Series Prometheus makes itself, not a process. */
const PROMETHEUS_OWN = new Set(['up']);

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
 * The Prometheus, alert and Grafana files under docker/observability parse, every PromQL expression
 * in them parses (the Prometheus project's own PromQL grammar), and every metric they use is one
 * that a running hub (every role), public-security adapter or linkage service declares on /metrics.
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

  it('scrapes every process on its default port and loads the alert rules', () => {
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    const ports = Object.fromEntries(
      prometheus.scrape_configs.map((config) => [
        config.job_name,
        [...new Set(config.static_configs.flatMap((group) => group.targets.map((target) => Number(target.split(':')[1]))))],
      ]),
    );
    expect(ports).toEqual({
      hub: [new HubConfig().HTTP_PORT],
      'psb-adapter': [new PsbAdapterConfig().HTTP_PORT],
      linkage: [new LinkageConfig().HTTP_PORT],
      'bureau-adapter': [new BureauAdapterConfig().HTTP_PORT],
    });
    const roles = prometheus.scrape_configs.find((config) => config.job_name === 'hub')?.static_configs.length;
    expect(roles).toBe(3);
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
