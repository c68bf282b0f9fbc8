import type { EntityManager } from 'typeorm';
import { perSubjectSql } from './per-subject.js';
import { groupBySubject } from './decisions.repository.js';
import type { CaseActionRow, CaseRow } from './linkage-rows.js';

/** `cases` columns: name, CaseRow property, how it is written. */
const COLUMNS: readonly (readonly [column: string, property: keyof CaseRow, cast: string])[] = [
  ['id', 'id', 'uuid'],
  ['case_key', 'caseKey', 'text'],
  ['decision_key', 'decisionKey', 'text'],
  ['subject', 'subject', 'text'],
  ['rule_id', 'ruleId', 'text'],
  ['rule_version', 'ruleVersion', 'int'],
  ['kind', 'kind', 'text'],
  ['label', 'label', 'jsonb'],
  ['owner_agency', 'ownerAgency', 'text'],
  ['province', 'province', 'text'],
  ['state', 'state', 'text'],
  ['opened_on', 'openedOn', 'date'],
  ['due_date', 'dueDate', 'date'],
  ['due_cannot_decide', 'dueCannotDecide', 'text'],
  ['caused_by', 'causedBy', 'text[]'],
  ['claimed_by', 'claimedBy', 'text'],
  ['claimed_at', 'claimedAt', 'timestamptz'],
  ['resolved_at', 'resolvedAt', 'timestamptz'],
  ['resolved_by', 'resolvedBy', 'text'],
  ['resolution_outcome', 'resolutionOutcome', 'text'],
  ['resolution_note', 'resolutionNote', 'text'],
  ['overdue_since', 'overdueSince', 'date'],
];

const SELECT = COLUMNS.map(([column, property, cast]) => {
  if (cast === 'date') return `to_char(${column}, 'YYYY-MM-DD') AS "${property}"`;
  if (cast === 'timestamptz') return `to_json(${column}) #>> '{}' AS "${property}"`;
  return `${column} AS "${property}"`;
}).join(', ');

function values(row: CaseRow): unknown[] {
  return COLUMNS.map(([, property, cast]) => (cast === 'jsonb' ? JSON.stringify(row[property]) : row[property]));
}

/** The rows as a JSON array of objects keyed by column name (for jsonb_populate_recordset). */
function recordsOf(rows: readonly CaseRow[]): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(COLUMNS.map(([column, property]) => [column, row[property]]))));
}

/** `cases` and `case_actions`; every method runs in the caller's transaction. */
export class CasesRepository {
  /** Every case of a person, whatever its state, locked until the transaction ends. */
  async ofSubject(tx: EntityManager, subject: string): Promise<CaseRow[]> {
    return tx.query<CaseRow[]>(`SELECT ${SELECT} FROM cases WHERE subject = $1 ORDER BY case_key FOR UPDATE`, [subject]);
  }

  /** Every case of each of these people, by subject (each person's in case key order), locked until the transaction ends. */
  async ofSubjects(tx: EntityManager, subjects: readonly string[]): Promise<Map<string, CaseRow[]>> {
    if (subjects.length === 0) return new Map();
    const rows = await tx.query<CaseRow[]>(`${perSubjectSql('cases', SELECT, { lock: true })} ORDER BY r.subject, r."caseKey"`, [
      [...new Set(subjects)],
    ]);
    return groupBySubject(rows);
  }

  async byId(tx: EntityManager, id: string): Promise<CaseRow | undefined> {
    const rows = await tx.query<CaseRow[]>(`SELECT ${SELECT} FROM cases WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async insert(tx: EntityManager, row: CaseRow): Promise<void> {
    const placeholders = COLUMNS.map(([, , cast], i) => `$${i + 1}::${cast}`).join(', ');
    await tx.query(`INSERT INTO cases (${COLUMNS.map(([c]) => c).join(', ')}) VALUES (${placeholders})`, values(row));
  }

  async update(tx: EntityManager, row: CaseRow): Promise<void> {
    const set = COLUMNS.slice(1)
      .map(([column, , cast], i) => `${column} = $${i + 2}::${cast}`)
      .join(', ');
    await tx.query(`UPDATE cases SET ${set}, updated_at = now() WHERE id = $1`, values(row));
  }

  /** Inserts the rows in one statement. */
  async insertMany(tx: EntityManager, rows: readonly CaseRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = COLUMNS.map(([column]) => column).join(', ');
    await tx.query(`INSERT INTO cases (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::cases, $1::jsonb)`, [
      recordsOf(rows),
    ]);
  }

  /** Replaces the rows (by id) in one statement. */
  async updateMany(tx: EntityManager, rows: readonly CaseRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = COLUMNS.slice(1).map(([column]) => column);
    await tx.query(
      `UPDATE cases SET (${columns.join(', ')}, updated_at) = (${columns.map((c) => `r.${c}`).join(', ')}, now())
         FROM jsonb_populate_recordset(NULL::cases, $1::jsonb) AS r WHERE cases.id = r.id`,
      [recordsOf(rows)],
    );
  }

  /** Writes the actions, in this order, in one statement. */
  async addActions(tx: EntityManager, actions: readonly CaseActionRow[]): Promise<void> {
    if (actions.length === 0) return;
    await tx.query(
      `INSERT INTO case_actions (case_id, action, actor, purpose, detail, at)
       SELECT case_id, action, actor, purpose, detail, coalesce(at, now())
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])
              WITH ORDINALITY AS row (case_id, action, actor, purpose, detail, at, n)
        ORDER BY n`,
      [
        actions.map((a) => a.caseId),
        actions.map((a) => a.action),
        actions.map((a) => a.actor),
        actions.map((a) => a.purpose),
        actions.map((a) => JSON.stringify(a.detail)),
        actions.map((a) => a.at ?? null),
      ],
    );
  }

  /** People with cases open or claimed past their due date on `asOf` (they turn overdue when decided again). */
  async subjectsPastDue(tx: EntityManager, asOf: string): Promise<string[]> {
    const rows = await tx.query<{ subject: string }[]>(
      `SELECT DISTINCT subject FROM cases WHERE state IN ('open', 'claimed') AND due_date < $1::date ORDER BY subject`,
      [asOf],
    );
    return rows.map((row) => row.subject);
  }
}
