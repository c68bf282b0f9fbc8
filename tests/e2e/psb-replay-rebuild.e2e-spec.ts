import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, exampleEvent } from '@hub/contracts';
import { aPermitNo, aWorkPermitIssuedEvent, aWorkPermitIssuedV2Event, waitUntil, testKafkaClient } from '@hub/testing';

import type pg from 'pg';
import {
  apiKeyOf,
  countRows,
  psbGroupId,
  PSB_AGENCY,
  publish,
  startHub,
  startPsbAdapter,
  type RunningApp,
  type RunningPsbAdapter,
} from '../support/running-apps.js';

type Json = Record<string, unknown>;

/** What the bureau sends that public security's projection leaves out: it must never reach the adapter. */
const EMPLOYER = { creditCode: '91310000MA1REBU1LD', name: '上海重建测试科技有限公司' };
const POSITION = 'Rebuild test principal engineer';

/**
 * Public security rebuilds its records from the hub: a mix of work-permit events for several people
 * is recorded live; then the adapter's database is dropped, a fresh adapter starts on a new database
 * in the same consumer group (so it does not re-read the topic), psb-310000 asks the hub to replay
 * its subscription from sequence 1, and the records it rebuilds equal the live ones exactly. Fields
 * outside public security's projection (employer, position) never reach the adapter either way.
 */
describe('public security rebuilt by replay equals live delivery', () => {
  let hub: RunningApp;
  let psb: RunningPsbAdapter;
  const groupId = psbGroupId('rebuild');
  const started = Date.now() - 3_600_000;
  /** The event time `minutes` after the first, so each permit's events have their order in time too. */
  const at = (minutes: number): string => new Date(started + minutes * 60_000).toISOString();

  beforeAll(async () => {
    hub = await startHub();
    psb = await startPsbAdapter({ hubUrl: hub.url, groupId });
  });
  afterAll(async () => {
    await psb?.destroy();
    await hub?.destroy();
  });

  function person(): Json {
    return { passportNo: `R${randomInt(10_000_000, 99_999_999)}`, nationality: 'CAN', birthDate: '1986-10-03', name: 'Mathéo Tremblay' };
  }

  function issued(permitNo: string, holder: Json): Json {
    const event = aWorkPermitIssuedEvent({ permitNo, data: { holder, employer: EMPLOYER, position: POSITION } });
    return { ...event, time: at(0) };
  }

  /** A lifecycle event of the permit, from its contract's example. */
  function lifecycle(type: string, permitNo: string, holder: Json, minutes: number, data: Json = {}): Json {
    const contract = EVENT_CATALOGUE.find((candidate) => candidate.type === type && candidate.version === 1);
    if (!contract) throw new Error(`no ${type} v1`);
    const example = exampleEvent(contract);
    return {
      ...example,
      id: randomUUID(),
      time: at(minutes),
      correlationid: `rebuild-${randomUUID()}`,
      data: { ...(example['data'] as Json), permitNo, holder, ...data },
    };
  }

  async function snapshot(db: pg.Client, permitNos: readonly string[]): Promise<Json[]> {
    const rows = await db.query<{ row: Json }>(
      `SELECT to_jsonb(w) - 'recorded_at' AS row FROM work_permits w WHERE permit_no = ANY($1::text[]) ORDER BY permit_no`,
      [permitNos],
    );
    return rows.rows.map((row) => row.row);
  }

  /** Every table and column of the adapter's database, searched for what the projection leaves out. */
  async function outsideProjection(db: pg.Client): Promise<string[]> {
    const columns = await db.query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
        WHERE table_schema = 'public' AND (column_name ILIKE '%employer%' OR column_name ILIKE '%position%')`,
    );
    const found = columns.rows.map((row) => row.name);
    const tables = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    for (const { name } of tables.rows) {
      const hits = await db.query(`SELECT 1 FROM "${name}" t WHERE t::text ILIKE ANY($1::text[]) LIMIT 1`, [
        [`%${EMPLOYER.creditCode}%`, `%${EMPLOYER.name}%`, `%${POSITION}%`, '%"employer"%', '%"position"%'],
      ]);
      if ((hits.rowCount ?? 0) > 0) found.push(name);
    }
    return found;
  }

  it('rebuilds from a replay of the subscription exactly the records live delivery made', async () => {
    const [a, b, c, d] = [aPermitNo(), aPermitNo(), aPermitNo(), aPermitNo()];
    const [ha, hb, hc, hd] = [person(), person(), person(), person()];
    const v2: Json = { ...aWorkPermitIssuedV2Event(), time: at(0) };
    const e = (v2['data'] as { permitNo: string }).permitNo;
    const he = (v2['data'] as { holder: Json }).holder;
    const waves: Json[][] = [
      [issued(a, ha), issued(b, hb), issued(c, hc), issued(d, hd), v2],
      [
        lifecycle('work-permit.extended', a, ha, 10),
        lifecycle('work-permit.changed', b, hb, 10, { changeKinds: ['employer', 'permit-class'], employer: EMPLOYER, permitClass: 'A' }),
        lifecycle('work-permit.extended', c, hc, 10),
        lifecycle('work-permit.changed', e, he, 10, { changeKinds: ['position'], position: POSITION, employer: undefined }),
      ],
      [
        lifecycle('work-permit.revoked', a, ha, 20),
        lifecycle('work-permit.cancelled', b, hb, 20),
        lifecycle('work-permit.expired', c, hc, 30),
      ],
    ];
    for (const wave of waves) {
      const answer = await publish(hub.url, { events: wave });
      expect([answer.status, answer.body.events?.map((event) => event.status)]).toEqual([202, wave.map(() => 'accepted')]);
    }
    const ids = waves.flat().map((event) => String(event['id']));
    const permitNos = [a, b, c, d, e];
    await waitUntil(
      'every event recorded live',
      async () => (await countRows(psb.db, 'inbox', 'event_id = ANY($1::uuid[])', [ids])) === ids.length,
      60_000,
    );

    const live = await snapshot(psb.db, permitNos);
    const byPermit = new Map(live.map((row) => [row['permit_no'], row]));
    expect(byPermit.get(a)).toMatchObject({
      status: 'revoked',
      status_reason: 'breached-commitment',
      valid_to: '2030-02-28',
      extended_on: '2028-01-20',
    });
    expect(byPermit.get(b)).toMatchObject({ status: 'cancelled', status_on: '2027-09-30', permit_class: 'A', changed_on: '2027-05-01' });
    expect(byPermit.get(c)).toMatchObject({ status: 'expired', status_on: '2028-03-01', status_reason: null, valid_to: '2030-02-28' });
    expect(byPermit.get(d)).toMatchObject({ status: 'valid', passport_no: hd['passportNo'], valid_to: '2027-12-31' });
    expect(byPermit.get(e)).toMatchObject({ status: 'valid', valid_from: '2026-01-01', valid_to: '2027-12-31', changed_on: '2027-05-01' });
    const liveSequences = await psb.db.query('SELECT event_id, sequence FROM inbox WHERE event_id = ANY($1::uuid[]) ORDER BY sequence', [
      ids,
    ]);
    expect(await outsideProjection(psb.db)).toEqual([]);

    // Public security loses its database; a fresh adapter joins the same consumer group, so it does not re-read the topic.
    await psb.destroy();
    psb = await startPsbAdapter({ hubUrl: hub.url, groupId });
    const admin = testKafkaClient('rebuild-test').admin();
    await admin.connect();
    await waitUntil('the fresh adapter in its group', async () => {
      const [group] = (await admin.describeGroups([groupId])).groups;
      return group?.state === 'Stable' && group.members.length === 1;
    });
    await admin.disconnect();
    expect(await countRows(psb.db, 'work_permits')).toBe(0);

    const asPsb = async (method: string, path: string, body?: unknown): Promise<Json> => {
      const response = await fetch(`${hub.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKeyOf(hub.url, PSB_AGENCY)}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.status).toBeLessThan(300);
      return (await response.json()) as Json;
    };
    const replays = `/v1/subscriptions/${String(psb.subscriptionId)}/replays`;
    const replay = await asPsb('POST', replays, { fromSequence: 1 });
    expect(replay).toMatchObject({ status: 'running', total: ids.length });
    const done = await waitUntil('the replay done', async () => {
      const progress = await asPsb('GET', `${replays}/${String(replay['id'])}`);
      return progress['status'] === 'done' && progress;
    });
    expect(done).toMatchObject({ total: ids.length, sent: ids.length, withheld: 0, filtered: 0 });
    await waitUntil(
      'every event rebuilt',
      async () => (await countRows(psb.db, 'inbox', 'event_id = ANY($1::uuid[])', [ids])) === ids.length,
      60_000,
    );

    expect(await snapshot(psb.db, permitNos)).toEqual(live);
    const rebuilt = await psb.db.query<{ event_id: string; sequence: string; replay_id: string }>(
      'SELECT event_id, sequence, replay_id FROM inbox WHERE event_id = ANY($1::uuid[]) ORDER BY sequence',
      [ids],
    );
    expect(rebuilt.rows.map(({ event_id, sequence }) => ({ event_id, sequence }))).toEqual(liveSequences.rows);
    expect(new Set(rebuilt.rows.map((row) => row.replay_id))).toEqual(new Set([replay['id']]));
    expect(await outsideProjection(psb.db)).toEqual([]);
  });
});
