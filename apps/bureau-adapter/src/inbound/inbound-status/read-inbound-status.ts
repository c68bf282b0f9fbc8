import type { DataSource } from 'typeorm';

/** What the bureau has received from the hub, and what it could not apply. */
export interface InboundStatus {
  readonly received: number;
  readonly lastReceivedAt: string | null;
  readonly records: Record<'people' | 'residencePermits' | 'visas' | 'creditRecords' | 'cases' | 'openCases', number>;
  /** Sequence numbers still missing per subscription (replay from `expected`). */
  readonly gaps: readonly { subscriptionId: string; through: number; expected: number | null; since: string | null }[];
  readonly deadLetters: { readonly total: number; readonly byCode: Record<string, number> };
}

/** One holder of the bureau as other agencies' decisions leave them (view `hub_inbound.holder_standing`). */
export interface HolderStanding {
  readonly holderId: number;
  readonly nationality: string;
  readonly passportNo: string;
  readonly residencePermitNo: string | null;
  readonly residenceStatus: string | null;
  readonly residenceLastAction: string | null;
  readonly residenceLastActionOn: string | null;
  readonly residenceValidTo: string | null;
  readonly openCases: number;
  readonly creditRecords: number;
}

const OPEN = `state NOT IN ('resolved', 'closed', 'withdrawn')`;

/** Reads the inbound side's status from the bureau's database (db: inboundDataSource). */
export async function readInboundStatus(db: DataSource): Promise<InboundStatus> {
  const [row] = await db.query<Omit<InboundStatus, 'gaps' | 'deadLetters'>[]>(`
    SELECT (SELECT count(*)::int FROM inbox) AS received,
           (SELECT to_json(max(received_at)) #>> '{}' FROM inbox) AS "lastReceivedAt",
           json_build_object(
             'people', (SELECT count(*)::int FROM person), 'residencePermits', (SELECT count(*)::int FROM residence_permit),
             'visas', (SELECT count(*)::int FROM visa), 'creditRecords', (SELECT count(*)::int FROM credit_record),
             'cases', (SELECT count(*)::int FROM linkage_case), 'openCases', (SELECT count(*)::int FROM linkage_case WHERE ${OPEN})) AS records`);
  if (!row) throw new Error('The inbound status query returned no row.');
  const gaps = await db.query<InboundStatus['gaps'][number][]>(
    `SELECT subscription_id::text AS "subscriptionId", through::int AS through, gap_expected::int AS expected,
            to_json(gap_since) #>> '{}' AS since
       FROM subscription_sequences WHERE gap_expected IS NOT NULL ORDER BY subscription_id`,
  );
  const codes = await db.query<{ code: string; n: number }[]>(
    'SELECT error_code AS code, count(*)::int AS n FROM dead_letters WHERE resolution IS NULL GROUP BY 1',
  );
  return {
    ...row,
    gaps,
    deadLetters: { total: codes.reduce((sum, c) => sum + c.n, 0), byCode: Object.fromEntries(codes.map((c) => [c.code, c.n])) },
  };
}

/** The bureau's holder with this passport, as other agencies' decisions leave them; undefined when the bureau has no such holder. */
export async function readHolderStanding(db: DataSource, nationality: string, passportNo: string): Promise<HolderStanding | undefined> {
  const [row] = await db.query<HolderStanding[]>(
    `SELECT holder_id::int AS "holderId", nationality, passport_no AS "passportNo", residence_permit_no AS "residencePermitNo",
            residence_status AS "residenceStatus", residence_last_action AS "residenceLastAction",
            to_json(residence_last_action_on) #>> '{}' AS "residenceLastActionOn", to_json(residence_valid_to) #>> '{}' AS "residenceValidTo",
            open_cases AS "openCases", credit_records AS "creditRecords"
       FROM holder_standing WHERE nationality = $1 AND passport_no = $2`,
    [nationality, passportNo],
  );
  return row;
}
