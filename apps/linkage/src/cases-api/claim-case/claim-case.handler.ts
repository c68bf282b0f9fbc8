import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LinkageCaller } from '../../api-access/index.js';
import { caseStateConflict } from '../cases-api.errors.js';
import { caseToActOn } from '../case-permissions.js';
import { readCase, recordCaseAction } from '../case-records.js';
import { caseView, type CaseView } from '../case-view.js';

/**
 * Claims an open or overdue case for the caller (its owning agency's key): the case becomes
 * `claimed` by the caller's name, audited as `claimed`. Of claims arriving together one wins, the
 * others wait for its row lock and are answered 409; claiming a case one already holds changes nothing.
 */
@Injectable()
export class ClaimCaseHandler {
  constructor(private readonly dataSource: DataSource) {}

  async claim(id: string, caller: LinkageCaller, purpose: string): Promise<CaseView> {
    return this.dataSource.transaction(async (tx) => {
      const row = await caseToActOn(tx, id, caller, 'claim');
      if (row.state === 'claimed') return caseView(row);
      if (row.state === 'resolved') throw caseStateConflict(id, row.state, 'claim', ['open', 'overdue']);
      await tx.query(`UPDATE cases SET state = 'claimed', claimed_by = $2, claimed_at = now(), updated_at = now() WHERE id = $1`, [
        id,
        caller.name,
      ]);
      await recordCaseAction(tx, { caseId: id, action: 'claimed', caller, purpose, detail: { from: row.state } });
      return caseView((await readCase(tx, id)) ?? row);
    });
  }
}
