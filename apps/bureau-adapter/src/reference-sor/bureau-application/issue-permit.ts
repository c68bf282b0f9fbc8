import type pg from 'pg';
import { inBureauTransaction } from './bureau-transaction.js';
import { registerEmployer, registerHolder, type EmployerInput, type HolderInput } from './bureau-parties.js';

/** What the bureau decides when it approves an application and issues the permit. */
export interface IssuePermit {
  readonly permitNo: string;
  readonly applicationNo: string;
  readonly holder: HolderInput;
  readonly employer: EmployerInput;
  readonly permitClass: 'A' | 'B' | 'C';
  readonly points?: number;
  readonly positionTitle: string;
  readonly occupationCode?: string;
  readonly workRegion: string;
  readonly issuedOn: string;
  readonly validFrom: string;
  readonly validUntil: string;
}

/**
 * Files the application as submitted on the day of issue (China time), approves it and issues its
 * permit, in one transaction; the permit's id.
 */
export async function issuePermit(pool: pg.Pool, permit: IssuePermit): Promise<number> {
  return inBureauTransaction(pool, async (client) => {
    const holderId = await registerHolder(client, permit.holder);
    const employerId = await registerEmployer(client, permit.employer);
    const application = await client.query<{ application_id: string }>(
      `INSERT INTO fwp.application (application_no, holder_id, employer_id, permit_class, points, position_title, occupation_code,
         work_region, status, submitted_at, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'APPROVED', $9::date::timestamp AT TIME ZONE 'Asia/Shanghai', now()) RETURNING application_id`,
      [
        permit.applicationNo,
        holderId,
        employerId,
        permit.permitClass,
        permit.points ?? null,
        permit.positionTitle,
        permit.occupationCode ?? null,
        permit.workRegion,
        permit.issuedOn,
      ],
    );
    const { rows } = await client.query<{ permit_id: string }>(
      `INSERT INTO fwp.permit (permit_no, application_id, holder_id, employer_id, permit_class, points, position_title, occupation_code,
         work_region, issued_on, valid_from, valid_until, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'VALID') RETURNING permit_id`,
      [
        permit.permitNo,
        application.rows[0]?.application_id,
        holderId,
        employerId,
        permit.permitClass,
        permit.points ?? null,
        permit.positionTitle,
        permit.occupationCode ?? null,
        permit.workRegion,
        permit.issuedOn,
        permit.validFrom,
        permit.validUntil,
      ],
    );
    return Number(rows[0]?.permit_id);
  });
}
