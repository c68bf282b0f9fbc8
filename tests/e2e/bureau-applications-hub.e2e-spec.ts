import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '@hub/persistence';
import { ensureSubscription, TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import pg from 'pg';
import { applicationEvents, type ApplicationEvent } from '../../apps/bureau-adapter/src/applications/application-events.js';
import type { ApplicationRecord } from '../../apps/bureau-adapter/src/applications/application-record.js';
import { applicationRecordOf } from '../../apps/bureau-adapter/src/applications/application-record-of.js';
import { readApplicationDocuments } from '../../apps/bureau-adapter/src/applications/read-application-documents.js';
import { aBureauPermit } from '../../apps/bureau-adapter/src/capture/testing/bureau-sync.fixture.js';
import {
  acceptApplication,
  submitApplication,
  supplyDocuments,
  verifyCommitment,
} from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import { migrateReferenceSor } from '../../apps/bureau-adapter/src/reference-sor/migrate-reference-sor.js';
import { LINKAGE_SUBSCRIPTION } from '../../apps/linkage/src/ingest/linkage-subscription.js';
import { AgencyInbound } from '../support/agency-inbound.js';
import { forgetInboundHistory } from '../support/outbound-history.js';
import { apiKeyOf, publish, startHub, type RunningApp } from '../support/running-apps.js';

const BUREAU = 'bureau-310000';

/**
 * The hub takes the bureau's application events as the adapter maps them from the reference
 * bureau's rows (signed with the bureau's key): each step of two applications, one accepted with
 * documents owed and then supplied, one accepted on a commitment found untrue. The hub stores them
 * by the bureau's record id and version, in order, takes a step sent again as a duplicate, and
 * delivers them to the linkage service's subscription.
 */
describe("the bureau's application events at the hub", () => {
  let hub: RunningApp;
  let sor: { url: string; drop(): Promise<void> };
  let bureau: pg.Pool;
  let linkage: AgencyInbound;

  beforeAll(async () => {
    await forgetInboundHistory('linkage');
    hub = await startHub();
    await ensureSubscription(hub.url, apiKeyOf(hub.url, 'linkage'), LINKAGE_SUBSCRIPTION);
    linkage = new AgencyInbound(hub.url, 'linkage');
    sor = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'bureau_sor_apps');
    await migrateReferenceSor(sor.url);
    bureau = new pg.Pool({ connectionString: sor.url, max: 2 });
  }, 180_000);

  afterAll(async () => {
    await linkage?.stop();
    await bureau?.end();
    await sor?.drop();
    await hub?.destroy();
  }, 60_000);

  async function recordOf(applicationId: number): Promise<ApplicationRecord> {
    const document = (await readApplicationDocuments(bureau, [String(applicationId)])).get(String(applicationId));
    if (!document) throw new Error(`no application ${applicationId}`);
    return applicationRecordOf(document);
  }

  /** Publishes the events of the step from `previous` to now; the record now and the events sent. */
  async function publishStep(applicationId: number, previous?: ApplicationRecord): Promise<[ApplicationRecord, ApplicationEvent[]]> {
    const record = await recordOf(applicationId);
    const events = applicationEvents(record, previous, { agencyId: BUREAU });
    const response = await publish(hub.url, { events });
    expect({ status: response.status, error: response.body.error }).toEqual({ status: 202, error: undefined });
    expect(response.body.events?.map((e) => e.status)).toEqual(events.map(() => 'accepted'));
    return [record, events];
  }

  /** The hub's stored events of the application record, as `type@version`, in the order stored. */
  async function storedAtHub(applicationId: number): Promise<string[]> {
    const { rows } = await hub.db.query<{ at: string }>(
      `SELECT type || '@' || (envelope->>'recordversion') AS at FROM events
        WHERE agency = $1 AND envelope->>'recordid' = $2 ORDER BY received_at, (envelope->>'recordversion')::int`,
      [BUREAU, `fwp.application:${applicationId}`],
    );
    return rows.map((row) => row.at);
  }

  it('stores an application submitted, accepted with documents owed and supplied, in order, and delivers it to linkage', async () => {
    const permit = aBureauPermit();
    const id = await submitApplication(bureau, {
      applicationNo: permit.applicationNo,
      holder: permit.holder,
      employer: permit.employer,
      permitClass: 'B',
      positionTitle: 'Research engineer',
      workRegion: '310115',
      inChina: true,
      path: 'GRADUATE',
      submittedAt: '2026-01-05T09:30:00+08:00',
    });
    const [submitted, first] = await publishStep(id);
    await acceptApplication(bureau, id, {
      acceptedOn: '2026-01-07',
      mode: 'MISSING_DOCUMENTS',
      owed: [{ docType: 'HEALTH_CHECK', dueOn: '2026-02-06' }],
    });
    const [accepted, second] = await publishStep(id, submitted);
    await supplyDocuments(bureau, id, [
      { docType: 'HEALTH_CHECK', fileName: 'health.pdf', sha256: 'b'.repeat(64), receivedAt: '2026-02-03T16:00:00+08:00' },
    ]);
    const [, third] = await publishStep(id, accepted);

    expect(await storedAtHub(id)).toEqual([
      'work-permit.application-submitted@1',
      'work-permit.application-accepted@2',
      'work-permit.documents-supplied@3',
    ]);
    // The same step sent again (an adapter restarted before it moved its position): nothing new.
    const again = await publish(hub.url, { events: second });
    expect(again.body.events?.map((e) => e.status)).toEqual(['duplicate']);
    expect(await storedAtHub(id)).toHaveLength(3);

    const sent = [...first, ...second, ...third].map((e) => e.id);
    for (const eventId of sent) await linkage.delivered(eventId);
    const atLinkage = linkage
      .distinctEvents()
      .filter((event) => sent.includes(String(event['id'])))
      .map((event) => event['type']);
    expect(atLinkage).toEqual(['work-permit.application-submitted', 'work-permit.application-accepted', 'work-permit.documents-supplied']);
  }, 180_000);

  it('stores an application accepted on a commitment and the verification that found it untrue', async () => {
    const permit = aBureauPermit();
    const id = await submitApplication(bureau, {
      applicationNo: permit.applicationNo,
      holder: permit.holder,
      employer: permit.employer,
      permitClass: 'A',
      positionTitle: 'Founder and chief executive',
      workRegion: '310115',
      inChina: false,
      path: 'FOUNDER',
      submittedAt: '2026-01-06T09:00:00+08:00',
    });
    const [submitted] = await publishStep(id);
    await acceptApplication(bureau, id, {
      acceptedOn: '2026-01-08',
      mode: 'COMMITMENT',
      commitments: [
        { docType: 'NO_CRIMINAL_RECORD', commitmentNo: 'CM-310000-2026-000077', signedOn: '2026-01-08', verifyBy: '2026-03-08' },
      ],
    });
    const [accepted] = await publishStep(id, submitted);
    await verifyCommitment(bureau, id, { docType: 'NO_CRIMINAL_RECORD', verifiedOn: '2026-02-18', result: 'UNTRUE' });
    await publishStep(id, accepted);
    await waitUntil('three events stored', async () => (await storedAtHub(id)).length === 3, 30_000);
    expect(await storedAtHub(id)).toEqual([
      'work-permit.application-submitted@1',
      'work-permit.application-accepted@2',
      'work-permit.commitment-verified@3',
    ]);
  }, 120_000);
});
