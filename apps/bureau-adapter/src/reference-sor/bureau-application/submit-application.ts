import type pg from 'pg';
import { inBureauTransaction } from './bureau-transaction.js';
import { registerEmployer, registerHolder, type EmployerInput, type HolderInput } from './bureau-parties.js';

/** An application as the employer files it (申请). */
export interface SubmitApplication {
  readonly applicationNo: string;
  readonly holder: HolderInput;
  readonly employer: EmployerInput;
  readonly permitClass: 'A' | 'B' | 'C';
  readonly positionTitle: string;
  readonly occupationCode?: string;
  readonly workRegion: string;
  /** Filed from inside China (the foreigner already lawfully resident). */
  readonly inChina: boolean;
  readonly path?: 'STANDARD' | 'GRADUATE' | 'FOUNDER';
  /** When it was submitted (RFC 3339); now when left out. */
  readonly submittedAt?: string;
}

/** Records a submitted application in one transaction; the application's id. */
export async function submitApplication(pool: pg.Pool, application: SubmitApplication): Promise<number> {
  return inBureauTransaction(pool, async (client) => {
    const holderId = await registerHolder(client, application.holder);
    const employerId = await registerEmployer(client, application.employer);
    const { rows } = await client.query<{ application_id: string }>(
      `INSERT INTO fwp.application (application_no, holder_id, employer_id, permit_class, position_title, occupation_code,
         work_region, status, submitted_at, in_china, path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'SUBMITTED', coalesce($8::timestamptz, now()), $9, $10) RETURNING application_id`,
      [
        application.applicationNo,
        holderId,
        employerId,
        application.permitClass,
        application.positionTitle,
        application.occupationCode ?? null,
        application.workRegion,
        application.submittedAt ?? null,
        application.inChina,
        application.path ?? 'STANDARD',
      ],
    );
    return Number(rows[0]?.application_id);
  });
}
