import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CASE_COLUMNS, caseView, type CaseRow, type CaseView } from '../case-view.js';
import { encodeCaseCursor } from './case-cursor.js';
import { listCasesSql, type ListCasesQuery } from './list-cases.query.js';

/** One page of cases and the cursor of the next (null on the last page). */
export interface CasePage {
  readonly items: readonly CaseView[];
  readonly nextCursor: string | null;
}

/** Lists cases page by page (see listCasesSql for the order). */
@Injectable()
export class ListCasesHandler {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ListCasesQuery): Promise<CasePage> {
    const { sql, params } = listCasesSql(query, CASE_COLUMNS);
    const rows: CaseRow[] = await this.dataSource.query(sql, params);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const more = rows.length > query.limit && last !== undefined;
    return { items: page.map(caseView), nextCursor: more ? encodeCaseCursor({ dueDate: last.due_date, id: last.id }) : null };
  }
}
