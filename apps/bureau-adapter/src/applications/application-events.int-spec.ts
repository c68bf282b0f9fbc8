import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateEvent, ValidationFailedError } from '@hub/contracts';
import { createTestDatabase } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import pg from 'pg';
import { aBureauPermit } from '../capture/testing/bureau-sync.fixture.js';
import {
  acceptApplication,
  submitApplication,
  supplyDocuments,
  verifyCommitment,
  type SubmitApplication,
} from '../reference-sor/bureau-application/index.js';
import { migrateReferenceSor } from '../reference-sor/migrate-reference-sor.js';
import { applicationEvents, type ApplicationEvent } from './application-events.js';
import type { ApplicationRecord } from './application-record.js';
import { applicationRecordOf } from './application-record-of.js';
import { readApplicationDocuments } from './read-application-documents.js';

const ctx = { agencyId: 'bureau-310000' };

/** The contract issues of an event, as `path rule` lines; empty when it is valid. */
function issuesOf(event: ApplicationEvent): string[] {
  try {
    validateEvent(event);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return error.issues.map((issue) => `${event.type} ${issue.path} ${issue.rule}`);
  }
}

function anApplication(overrides: Partial<SubmitApplication> = {}): SubmitApplication {
  const permit = aBureauPermit();
  return {
    applicationNo: permit.applicationNo,
    holder: permit.holder,
    employer: permit.employer,
    permitClass: 'B',
    positionTitle: 'Research engineer',
    workRegion: '310115',
    inChina: true,
    submittedAt: '2026-01-05T09:30:00+08:00',
    ...overrides,
  };
}

/**
 * Applications from the reference bureau's rows (real PostgreSQL, the reference schema with its
 * acceptance and commitment columns) to contract events: each step the bureau's application takes
 * gives the events of what happened since the version before, valid against the contracts.
 */
describe("the bureau's applications as contract events", () => {
  let db: { url: string; drop(): Promise<void> };
  let bureau: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'bureau_applications');
    await migrateReferenceSor(db.url);
    bureau = new pg.Pool({ connectionString: db.url, max: 2 });
  });

  afterAll(async () => {
    await bureau?.end();
    await db?.drop();
  });

  async function recordOf(applicationId: number): Promise<ApplicationRecord> {
    const document = (await readApplicationDocuments(bureau, [String(applicationId)])).get(String(applicationId));
    if (!document) throw new Error(`no application ${applicationId}`);
    return applicationRecordOf(document);
  }

  /** The events of the application's step from `previous` to now, checked against the contracts. */
  async function step(applicationId: number, previous: ApplicationRecord | undefined): Promise<[ApplicationRecord, ApplicationEvent[]]> {
    const record = await recordOf(applicationId);
    const events = applicationEvents(record, previous, ctx);
    expect(events.flatMap(issuesOf)).toEqual([]);
    return [record, events];
  }

  it('a graduate accepted with documents owed by a due date, then supplying them', async () => {
    const application = anApplication({ path: 'GRADUATE' });
    const id = await submitApplication(bureau, application);
    const [submitted, first] = await step(id, undefined);
    expect(first).toEqual([
      expect.objectContaining({
        type: 'work-permit.application-submitted',
        contractversion: 2,
        recordid: `fwp.application:${id}`,
        recordversion: 1,
        region: '310115',
        time: '2026-01-05T00:00:00+08:00',
        data: expect.objectContaining({
          applicationNo: application.applicationNo,
          path: 'graduate',
          inChina: true,
          submittedOn: '2026-01-05',
        }),
      }),
    ]);

    await acceptApplication(bureau, id, {
      acceptedOn: '2026-01-07',
      mode: 'MISSING_DOCUMENTS',
      owed: [
        { docType: 'NO_CRIMINAL_RECORD', dueOn: '2026-02-06' },
        { docType: 'HEALTH_CHECK', dueOn: '2026-02-06' },
      ],
    });
    const [accepted, second] = await step(id, submitted);
    expect(second.map((e) => `${e.type}@${e.recordversion}`)).toEqual(['work-permit.application-accepted@2']);
    expect(second[0]?.data).toEqual({
      applicationNo: application.applicationNo,
      holder: submitted.holder,
      acceptedOn: '2026-01-07',
      mode: 'missing-documents',
      missingDocuments: [
        { kind: 'health-certificate', dueDate: '2026-02-06' },
        { kind: 'criminal-record', dueDate: '2026-02-06' },
      ],
    });

    const sha256 = 'a'.repeat(64);
    await supplyDocuments(bureau, id, [
      { docType: 'NO_CRIMINAL_RECORD', fileName: 'record.pdf', sha256, receivedAt: '2026-01-28T10:00:00+08:00' },
    ]);
    const [partly, third] = await step(id, accepted);
    expect(third.map((e) => [e.type, e.data])).toEqual([
      [
        'work-permit.documents-supplied',
        {
          applicationNo: application.applicationNo,
          holder: submitted.holder,
          documents: [{ kind: 'criminal-record', suppliedOn: '2026-01-28' }],
        },
      ],
    ]);
    await supplyDocuments(bureau, id, [
      { docType: 'HEALTH_CHECK', fileName: 'health.pdf', sha256, receivedAt: '2026-02-03T16:00:00+08:00' },
    ]);
    const [, fourth] = await step(id, partly);
    expect(fourth.map((e) => `${e.type}@${e.recordversion} ${e.time}`)).toEqual([
      'work-permit.documents-supplied@4 2026-02-03T00:00:00+08:00',
    ]);
    // Nothing again for the same version; everything, in order, at first sight of the last one.
    expect(applicationEvents(partly, partly, ctx)).toEqual([]);
    const [, firstSight] = await step(id, undefined);
    expect(firstSight.map((e) => e.type)).toEqual([
      'work-permit.application-submitted',
      'work-permit.application-accepted',
      'work-permit.documents-supplied',
    ]);
    expect(firstSight[2]?.data).toMatchObject({ documents: [{ kind: 'health-certificate' }, { kind: 'criminal-record' }] });
  });

  it('a founder accepted on a commitment, whose verification finds it untrue', async () => {
    const id = await submitApplication(bureau, anApplication({ path: 'FOUNDER', inChina: false }));
    const [submitted] = await step(id, undefined);
    await acceptApplication(bureau, id, {
      acceptedOn: '2026-01-08',
      mode: 'COMMITMENT',
      commitments: [
        { docType: 'NO_CRIMINAL_RECORD', commitmentNo: 'CM-310000-2026-000042', signedOn: '2026-01-08', verifyBy: '2026-03-08' },
      ],
    });
    const [accepted, second] = await step(id, submitted);
    expect(second.map((e) => [e.type, e.data])).toEqual([
      [
        'work-permit.application-accepted',
        expect.objectContaining({
          mode: 'commitment',
          commitments: [{ kind: 'criminal-record', commitmentNo: 'CM-310000-2026-000042', signedOn: '2026-01-08', verifyBy: '2026-03-08' }],
        }),
      ],
    ]);
    await verifyCommitment(bureau, id, {
      docType: 'NO_CRIMINAL_RECORD',
      verifiedOn: '2026-02-18',
      result: 'UNTRUE',
      note: 'The police authority reported a conviction in 2019.',
    });
    const [verified, third] = await step(id, accepted);
    expect(third.map((e) => [e.type, e.data])).toEqual([
      [
        'work-permit.commitment-verified',
        {
          applicationNo: submitted.applicationNo,
          holder: submitted.holder,
          commitmentNo: 'CM-310000-2026-000042',
          documentKind: 'criminal-record',
          result: 'untrue',
          verifiedOn: '2026-02-18',
          note: 'The police authority reported a conviction in 2019.',
        },
      ],
    ]);
    // The same version gives the same events (ids included): a republish is a duplicate at the hub.
    expect(applicationEvents(verified, accepted, ctx)).toEqual(third);
    await expect(verifyCommitment(bureau, id, { docType: 'HEALTH_CHECK', verifiedOn: '2026-02-18', result: 'FULFILLED' })).rejects.toThrow(
      'has no commitment in place of HEALTH_CHECK',
    );
  });

  it('names the field a row cannot fill, with the bureau record id, rather than sending it', async () => {
    const id = await submitApplication(bureau, anApplication({ applicationNo: 'sq-lower-case' }));
    const record = await recordOf(id);
    const [submitted] = applicationEvents(record, undefined, ctx);
    expect(submitted?.recordid).toBe(`fwp.application:${id}`);
    expect(issuesOf(submitted!)).toEqual(['work-permit.application-submitted data.applicationNo matches']);
  });
});
