import type { DataSource, EntityManager } from 'typeorm';
import type { PersonChain } from '../chain/person-chain.types.js';
import { RULE_BOOK } from '../rules/rule-book.data.js';
import { chainEventsSql } from '../store/person-chains.repository.js';
import type { DecisionFacts, ReportFact } from './report-fact.types.js';
import { reportFacts } from './report-facts.js';

/**
 * Replaces a person's report facts with `facts`, in the caller's transaction (the one that stores
 * the person's chain), so the reports never count a chain the store does not hold.
 */
export async function replaceReportFacts(db: EntityManager, subject: string, facts: readonly ReportFact[]): Promise<void> {
  await db.query('DELETE FROM report_facts WHERE subject = $1', [subject]);
  await insertFacts(
    db,
    facts.map((fact) => ({ subject, fact })),
  );
}

/** Replaces the report facts of each of these people, in two statements (replaceReportFacts for many). */
export async function replaceReportFactsOf(db: EntityManager, facts: ReadonlyMap<string, readonly ReportFact[]>): Promise<void> {
  if (facts.size === 0) return;
  await db.query('DELETE FROM report_facts WHERE subject = ANY($1::text[])', [[...facts.keys()]]);
  await insertFacts(
    db,
    [...facts].flatMap(([subject, list]) => list.map((fact) => ({ subject, fact }))),
  );
}

async function insertFacts(db: EntityManager, rows: readonly { subject: string; fact: ReportFact }[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (fact: ReportFact) => T): T[] => rows.map(({ fact }) => pick(fact));
  await db.query(
    `INSERT INTO report_facts (subject, fact_key, kind, province, month, detail, days, due_on, done_on, breached)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::int[], $8::date[], $9::date[], $10::boolean[])`,
    [
      rows.map((row) => row.subject),
      column((f) => f.factKey),
      column((f) => f.kind),
      column((f) => f.province),
      column((f) => `${f.month}-01`),
      column((f) => f.detail ?? null),
      column((f) => f.days ?? null),
      column((f) => f.dueOn ?? null),
      column((f) => f.doneOn ?? null),
      column((f) => f.breached ?? false),
    ],
  );
}

/** What a backfill did. */
export interface BackfillResult {
  readonly people: number;
  readonly facts: number;
}

/**
 * Rebuilds report_facts from person_chains (and the stored decisions reportFacts reads), a batch
 * of people per transaction in subject order, then removes the facts of people no longer stored.
 * Safe while the service runs: each batch replaces whole people, as the runtime does.
 */
export async function backfillReportFacts(
  dataSource: DataSource,
  options: { readonly batchSize?: number; readonly log?: (line: string) => void } = {},
): Promise<BackfillResult> {
  const batchSize = options.batchSize ?? 500;
  let after = '';
  let people = 0;
  let facts = 0;
  for (;;) {
    const batch = await dataSource.transaction(async (tx) => {
      const chains = await tx.query<{ subject: string; chain: PersonChain }[]>(
        `SELECT subject, jsonb_build_object('subject', subject, 'events', (${chainEventsSql('person_chains.subject')}), 'state', chain -> 'state') AS chain
           FROM person_chains WHERE subject > $1 ORDER BY subject LIMIT $2`,
        [after, batchSize],
      );
      if (chains.length === 0) return undefined;
      const subjects = chains.map((row) => row.subject);
      const decisions = await decisionsOf(tx, subjects);
      const rows = chains.flatMap(({ subject, chain }) =>
        reportFacts(chain, decisions.get(subject) ?? []).map((fact) => ({ subject, fact })),
      );
      await tx.query('DELETE FROM report_facts WHERE subject = ANY($1::text[])', [subjects]);
      await insertFacts(tx, rows);
      return { last: subjects.at(-1) ?? after, people: chains.length, facts: rows.length };
    });
    if (!batch) break;
    after = batch.last;
    people += batch.people;
    facts += batch.facts;
    options.log?.(`report facts: ${people} people, ${facts} facts`);
  }
  await dataSource.query('DELETE FROM report_facts f WHERE NOT EXISTS (SELECT 1 FROM person_chains c WHERE c.subject = f.subject)');
  return { people, facts };
}

/** The stored decisions reportFacts reads (eligibility for permanent residence), by subject. */
async function decisionsOf(db: EntityManager, subjects: readonly string[]): Promise<Map<string, DecisionFacts[]>> {
  const rows = await db.query<{ subject: string; rule_id: string; outcome: string; input_event_ids: string[] }[]>(
    `SELECT subject, rule_id, outcome, input_event_ids FROM decisions
      WHERE subject = ANY($1::text[]) AND rule_id = $2 AND outcome = 'eligibility-determined'`,
    [subjects, RULE_BOOK.salaryTaxPermanentResidence.id],
  );
  const bySubject = new Map<string, DecisionFacts[]>();
  for (const row of rows) {
    const list = bySubject.get(row.subject) ?? [];
    list.push({ ruleId: row.rule_id, outcome: row.outcome, inputEventIds: row.input_event_ids });
    bySubject.set(row.subject, list);
  }
  return bySubject;
}
