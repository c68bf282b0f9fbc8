import type pg from 'pg';

/** An employer as the bureau registers it. */
export interface EmployerInput {
  /** 统一社会信用代码 */
  readonly uscc: string;
  readonly nameZh: string;
  readonly nameEn?: string;
  readonly regionCode: string;
}

/** A foreign national as the bureau registers them (from the passport). */
export interface HolderInput {
  readonly familyName: string;
  readonly givenNames: string;
  readonly nameZh?: string;
  readonly gender: 'M' | 'F' | 'X';
  readonly birthDate: string;
  readonly nationality: string;
  readonly passportNo: string;
}

/** The employer's id, registering it (or updating its name) by its credit code. */
export async function registerEmployer(client: pg.PoolClient, employer: EmployerInput): Promise<number> {
  const { rows } = await client.query<{ employer_id: string }>(
    `INSERT INTO fwp.employer (uscc, name_zh, name_en, region_code) VALUES ($1, $2, $3, $4)
     ON CONFLICT (uscc) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
       version = fwp.employer.version + 1, updated_at = now()
       WHERE (fwp.employer.name_zh, fwp.employer.name_en) IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en)
     RETURNING employer_id`,
    [employer.uscc, employer.nameZh, employer.nameEn ?? null, employer.regionCode],
  );
  if (rows[0]) return Number(rows[0].employer_id);
  const known = await client.query<{ employer_id: string }>('SELECT employer_id FROM fwp.employer WHERE uscc = $1', [employer.uscc]);
  return Number(known.rows[0]?.employer_id);
}

/** The holder's id, registering them by nationality and passport number. */
export async function registerHolder(client: pg.PoolClient, holder: HolderInput): Promise<number> {
  const { rows } = await client.query<{ holder_id: string }>(
    `INSERT INTO fwp.holder (family_name, given_names, name_zh, gender, birth_date, nationality, passport_no)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (nationality, passport_no) DO UPDATE SET updated_at = fwp.holder.updated_at
     RETURNING holder_id`,
    [holder.familyName, holder.givenNames, holder.nameZh ?? null, holder.gender, holder.birthDate, holder.nationality, holder.passportNo],
  );
  return Number(rows[0]?.holder_id);
}
