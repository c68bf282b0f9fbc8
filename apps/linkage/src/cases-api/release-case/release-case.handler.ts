import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LinkageCaller } from '../../api-access/index.js';
import { caseStateConflict } from '../cases-api.errors.js';
import { caseToActOn } from '../case-permissions.js';
import { readCase, recordCaseAction } from '../case-records.js';
import { caseView, type CaseView } from '../case-view.js';

/**
 * Gives a claim back: only its holder may, and the case returns to `overdue` when it had been marked
 * overdue, else to `open` (audited as `released`).
 */
@Injectable()
export class ReleaseCaseHandler {
  constructor(private readonly dataSource: DataSource) {}

  async release(id: string, caller: LinkageCaller, purpose: string): Promise<CaseView> {
    return this.dataSource.transaction(async (tx) => {
      const row = await caseToActOn(tx, id, caller, 'release');
      if (row.state !== 'claimed') throw caseStateConflict(id, row.state, 'release', ['claimed']);
      const to = row.overdue_since ? 'overdue' : 'open';
      await tx.query(`UPDATE cases SET state = $2, claimed_by = NULL, claimed_at = NULL, updated_at = now() WHERE id = $1`, [id, to]);
      await recordCaseAction(tx, { caseId: id, action: 'released', caller, purpose, detail: { to } });
      return caseView((await readCase(tx, id)) ?? row);
    });
  }
}
