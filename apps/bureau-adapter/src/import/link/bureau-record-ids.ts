import type pg from 'pg';
import { permitRecordId } from '../../capture/permit-document.js';

/**
 * The record ids the bureau's system of record gives its permits, by permit number: an imported row
 * whose permit the system holds is published under the id change capture publishes it with, so the
 * hub, live capture and reconciliation see one record, not two.
 */
export interface BureauRecordIds {
  /** The record id of each of these permit numbers the system holds; the others are absent. */
  recordIdsOf(permitNos: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** A permit number as `fwp.permit.permit_no` holds it (char(18)); anything else is no permit of the system. */
const PERMIT_NO = /^\d{18}$/;

/** The reference system of record (`fwp.permit`): a permit's record id is `fwp.permit:<permit_id>` (see permitRecordId). */
export class FwpRecordIds implements BureauRecordIds {
  constructor(private readonly bureau: pg.Pool) {}

  async recordIdsOf(permitNos: readonly string[]): Promise<ReadonlyMap<string, string>> {
    // Only 18 digits: a longer text cast to char(18) would be cut, not refused. Compared as bpchar so the unique index serves.
    const wanted = [...new Set(permitNos)].filter((permitNo) => PERMIT_NO.test(permitNo));
    if (wanted.length === 0) return new Map();
    const { rows } = await this.bureau.query<{ permit_no: string; permit_id: string }>(
      'SELECT permit_no::text AS permit_no, permit_id::text AS permit_id FROM fwp.permit WHERE permit_no = ANY($1::bpchar[])',
      [wanted],
    );
    return new Map(rows.map((row) => [row.permit_no, permitRecordId(row.permit_id)]));
  }
}
