import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_CATALOGUE, exampleEvent } from '@hub/contracts';
import { ensureSubscription, waitUntil } from '@hub/testing';
import { AgencyInbound, type InboundDelivery } from './agency-inbound.js';
import { apiKeyOf, publish, startHub, type RunningApp } from './running-apps.js';
import { startLinkage, TEST_LINKAGE_EVALUATOR_KEY, type RunningLinkage } from './running-linkage.js';

export type Json = Record<string, unknown>;

/** A person as the agencies identify them; a new passport number each time, so a new subject at the hub. */
export function aPerson(name: string, birthDate = '1988-04-12', nationality = 'FRA'): Json {
  return { passportNo: `E${randomInt(1_000_000_000, 9_999_999_999)}`, nationality, birthDate, name };
}

/** A fresh event of a contract version as its publisher sends it: the published example with `data` fields replaced. */
export function anEvent(type: string, version: number, data: Json, time: string, region = '310115'): Json {
  const contract = EVENT_CATALOGUE.find((c) => c.type === type && c.version === version);
  if (!contract) throw new Error(`no ${type} v${version}`);
  const example = exampleEvent(contract);
  return {
    ...example,
    id: randomUUID(),
    time,
    region,
    correlationid: `linkage-rules-e2e-${randomUUID()}`,
    data: { ...(example['data'] as Json), ...data },
  };
}

/** API keys of the linkage service's APIs by agency (`*` the evaluator), each as `<agency>:<name>:<key>`. */
export const LINKAGE_API_CALLERS = {
  '*': { name: 'evaluator', key: TEST_LINKAGE_EVALUATOR_KEY },
  'psb-310000': { name: 'exit-entry-desk', key: 'e2e-psb-310000-exit-entry-desk-key-0123456789' },
  'bureau-310000': { name: 'permit-desk', key: 'e2e-bureau-310000-permit-desk-key-0123456789' },
  mfa: { name: 'visa-desk', key: 'e2e-mfa-visa-desk-key-0123456789-abcdefgh' },
} as const;

/** The `linkage.*` types each agency subscribes to (the policy lets mfa read only talent status). */
const CONCLUSIONS = [
  'linkage.review-required',
  'linkage.inconsistency-detected',
  'linkage.deadline-overdue',
  'linkage.eligibility-determined',
  'linkage.case-resolved',
  'linkage.flag-changed',
  'linkage.talent-status-changed',
];
const SUBSCRIBED: Readonly<Record<string, readonly string[]>> = {
  'psb-310000': CONCLUSIONS,
  'bureau-310000': CONCLUSIONS,
  credit: [...CONCLUSIONS, 'credit.commitment-breached'],
  mfa: ['linkage.talent-status-changed'],
};

/** Provincial wages for Shanghai 2020–2023 in round numbers, so the permanent-residence arithmetic reads plainly. */
const TEST_WAGES = {
  id: 'linkage-e2e-wages',
  version: '1',
  provinces: {
    '310000': Object.fromEntries(
      [2020, 2021, 2022, 2023].map((year) => [
        String(year),
        {
          yuan: 100_000 + (year - 2020) * 10_000,
          measure: 'urban-non-private-units',
          source: { zh: '端到端测试数据，非公布数字', en: 'End-to-end test figure, not a published wage' },
        },
      ]),
    ),
  },
};

/**
 * The hub, one linkage service on a fixed day (its `asOf`), and the agencies around them for the
 * linkage rules' end-to-end spec: public security, the bureau, credit supervision and foreign
 * affairs subscribed over Kafka to the linkage conclusions, each reading its inbound topic as
 * itself; the service's wages from a test file; API keys for the agencies' desks.
 */
export class LinkageScene {
  private readonly inbounds = new Map<string, AgencyInbound>();
  readonly subscriptions = new Map<string, string>();

  private constructor(
    readonly hub: RunningApp,
    readonly linkage: RunningLinkage,
    private readonly wagesDir: string,
  ) {}

  static async start(asOf: string): Promise<LinkageScene> {
    const hub = await startHub();
    const wagesDir = mkdtempSync(join(tmpdir(), 'linkage-e2e-wages-'));
    const wagesFile = join(wagesDir, 'average-wages.json');
    writeFileSync(wagesFile, JSON.stringify(TEST_WAGES));
    const keys = Object.entries(LINKAGE_API_CALLERS).map(([agency, caller]) => `${agency}:${caller.name}:${caller.key}`);
    const linkage = await startLinkage(hub.url, { asOf, env: { AVERAGE_WAGES_FILE: wagesFile, LINKAGE_API_KEYS: keys.join(',') } });
    const scene = new LinkageScene(hub, linkage, wagesDir);
    for (const [agency, types] of Object.entries(SUBSCRIBED)) {
      const subscription = await ensureSubscription(hub.url, apiKeyOf(hub.url, agency), {
        name: `linkage conclusions for ${agency}`,
        eventTypes: types.map((type) => ({ type })),
        channels: { kafka: true },
      });
      scene.subscriptions.set(agency, subscription.id);
    }
    return scene;
  }

  async destroy(): Promise<void> {
    await Promise.all([...this.inbounds.values()].map((inbound) => inbound.stop()));
    await this.linkage?.destroy();
    await this.hub?.destroy();
    rmSync(this.wagesDir, { recursive: true, force: true });
  }

  /** Publishes each event through the hub's HTTP API, signed by its agency; each must be accepted. */
  async publish(...events: Json[]): Promise<void> {
    for (const event of events) {
      const answer = await publish(this.hub.url, event);
      if (answer.status !== 202 || answer.body.events?.[0]?.status !== 'accepted') {
        throw new Error(`${String(event['type'])} was not accepted: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
  }

  /** The subject id the hub derived for an event it accepted. */
  async subjectOf(event: Json): Promise<string> {
    const rows = await this.hub.db.query<{ subject: string }>('SELECT subject FROM events WHERE id = $1', [event['id']]);
    const subject = rows.rows[0]?.subject;
    if (!subject) throw new Error(`the hub has no event ${String(event['id'])}`);
    return subject;
  }

  /** A person's cases in the linkage database (dates as YYYY-MM-DD), by kind and owner. */
  async casesOf(subject: string): Promise<Json[]> {
    const result = await this.linkage.db.query<Json>(
      `SELECT id, kind, owner_agency, state, rule_id, to_char(opened_on, 'YYYY-MM-DD') AS opened_on,
              to_char(due_date, 'YYYY-MM-DD') AS due_date, to_char(overdue_since, 'YYYY-MM-DD') AS overdue_since,
              caused_by, claimed_by, resolved_by, resolution_outcome, resolution_note
         FROM cases WHERE subject = $1 ORDER BY kind, owner_agency`,
      [subject],
    );
    return result.rows;
  }

  /** Waits until the person's cases satisfy `ready`, and answers them. */
  casesWhen(subject: string, what: string, ready: (cases: Json[]) => boolean): Promise<Json[]> {
    return waitUntil(
      what,
      async () => {
        const cases = await this.casesOf(subject);
        return ready(cases) && cases;
      },
      60_000,
    );
  }

  /** A person's decisions, by key. */
  async decisionsOf(subject: string): Promise<Json[]> {
    const result = await this.linkage.db.query<Json>(
      `SELECT key, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, findings, notify
         FROM decisions WHERE subject = $1 ORDER BY key`,
      [subject],
    );
    return result.rows;
  }

  /** Waits until the person's decisions satisfy `ready`, and answers them. */
  decisionsWhen(subject: string, what: string, ready: (decisions: Json[]) => boolean): Promise<Json[]> {
    return waitUntil(
      what,
      async () => {
        const decisions = await this.decisionsOf(subject);
        return ready(decisions) && decisions;
      },
      60_000,
    );
  }

  /** The events the linkage agency published about a person that the hub stored, oldest first. */
  async storedConclusions(subject: string): Promise<{ id: string; type: string; envelope: Json }[]> {
    const result = await this.hub.db.query<{ id: string; type: string; envelope: Json }>(
      "SELECT id, type, envelope FROM events WHERE agency = 'linkage' AND subject = $1 ORDER BY received_at, id",
      [subject],
    );
    return result.rows;
  }

  /** Waits for the hub to store a linkage event about the person of `type` whose data satisfies `matches`. */
  storedConclusion(subject: string, type: string, matches: (data: Json) => boolean = () => true): Promise<{ id: string; envelope: Json }> {
    return waitUntil(
      `${type} about ${subject} stored by the hub`,
      async () => (await this.storedConclusions(subject)).find((row) => row.type === type && matches(row.envelope['data'] as Json)),
      60_000,
    );
  }

  /** Waits for the event `id` on `agency`'s inbound topic. */
  deliveredTo(agency: string, id: unknown): Promise<InboundDelivery> {
    let inbound = this.inbounds.get(agency);
    if (!inbound) {
      inbound = new AgencyInbound(this.hub.url, agency);
      this.inbounds.set(agency, inbound);
    }
    return inbound.delivered(id);
  }

  /** Calls the linkage service's API as an agency's desk (or `*`, the evaluator), with a purpose. */
  async api(as: keyof typeof LINKAGE_API_CALLERS, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${this.linkage.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${LINKAGE_API_CALLERS[as].key}`,
        'x-purpose': 'linkage rules end-to-end check',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }
}
