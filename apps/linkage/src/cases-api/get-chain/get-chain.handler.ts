import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ACCESS_LOG_COLUMNS,
  accessLogValues,
  invalidRequest,
  isSupervisor,
  notFound,
  type ApiAccess,
  type LinkageCaller,
} from '../../api-access/index.js';
import { CASE_COLUMNS, caseView, type CaseRow, type CaseView } from '../case-view.js';
import { DECISION_COLUMNS, decisionView, type DecisionRow, type DecisionView } from '../get-case/get-case.handler.js';
import { chainEventsSql } from '../../store/person-chains.repository.js';
import { issue } from '../request-issues.js';

/** One person's chain as the linkage service keeps it, with the decisions and cases about them. */
export interface ChainDetail {
  readonly subject: string;
  readonly province: string | null;
  readonly cardNumbers: readonly string[];
  readonly familySubjects: readonly string[];
  readonly eventCount: number;
  readonly updatedAt: string;
  /** The PersonChain (its events in canonical order and the state folded from them) as JSON text, made by PostgreSQL. */
  readonly chain: string;
  readonly decisions: readonly DecisionView[];
  readonly cases: readonly CaseView[];
}

interface ChainRow {
  subject: string;
  province: string | null;
  card_numbers: string[];
  family_subjects: string[];
  event_count: number;
  updated_at: Date;
  chain: string;
  logged: boolean;
}

const SUBJECT = /^sub_[0-9a-f]{32}$/;

/**
 * Reads one person's chain by primary key, with their decisions and cases (by their subject
 * indexes), the three reads at once. A supervisor key reads any chain; an agency key only the chain
 * of a person it owns a case about (its work needs the context); any other answer is 404, as for an
 * unknown person. Given the call's access-log row, the chain's read writes it when the answer is
 * the chain, in the same statement (committed before the answer is sent, with no round trip of its own).
 */
@Injectable()
export class GetChainHandler {
  constructor(private readonly dataSource: DataSource) {}

  async get(subject: string, caller: LinkageCaller, access?: ApiAccess): Promise<ChainDetail> {
    if (!SUBJECT.test(subject)) {
      throw invalidRequest([
        issue('subject', 'matches', { en: 'a subject id: sub_ and 32 hex digits', zh: '主体编号：sub_ 加 32 位十六进制' }),
      ]);
    }
    const [chains, decisions, cases] = await Promise.all([
      this.dataSource.query<ChainRow[]>(
        `WITH chain AS (
           SELECT subject, province, card_numbers, family_subjects, event_count, updated_at,
                  jsonb_build_object('subject', subject, 'events', (${chainEventsSql('person_chains.subject')}), 'state', chain -> 'state')::text AS chain
             FROM person_chains
            WHERE subject = $1 AND ($2::boolean OR EXISTS (SELECT 1 FROM cases WHERE subject = $1 AND owner_agency = $3::text))),
         logged AS (INSERT INTO api_access_log (${ACCESS_LOG_COLUMNS}) SELECT $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::smallint, $11::int FROM chain WHERE $12::boolean RETURNING 1)
         SELECT chain.*, EXISTS (SELECT 1 FROM logged) AS logged FROM chain`,
        [subject, isSupervisor(caller), caller.agency, ...accessLogValues(access ?? NO_ACCESS), access !== undefined],
      ),
      this.dataSource.query<DecisionRow[]>(`SELECT ${DECISION_COLUMNS} FROM decisions WHERE subject = $1 ORDER BY key`, [subject]),
      this.dataSource.query<CaseRow[]>(`SELECT ${CASE_COLUMNS} FROM cases WHERE subject = $1 ORDER BY opened_on, id`, [subject]),
    ]);
    const row = chains[0];
    if (!row || (access !== undefined && !row.logged)) {
      throw notFound('CHAIN_NOT_FOUND', {
        en: `No chain of ${subject} that ${caller.name} may read: a supervisor key reads any chain, an agency key the chains of people its agency has a case about.`,
        zh: `未找到 ${caller.name} 可查看的 ${subject} 的人员链：监督密钥可查看全部，机构密钥只能查看本机构有案件的人员。`,
      });
    }
    return {
      subject: row.subject,
      province: row.province,
      cardNumbers: row.card_numbers,
      familySubjects: row.family_subjects,
      eventCount: row.event_count,
      updatedAt: row.updated_at.toISOString(),
      chain: row.chain,
      decisions: decisions.map(decisionView),
      cases: cases.map(caseView),
    };
  }
}

/** The parameters of an access-log row not written (the handler called without one). */
const NO_ACCESS: ApiAccess = {
  actorAgency: undefined,
  actorName: undefined,
  purpose: undefined,
  method: '',
  path: '',
  query: '',
  status: 0,
  resultCount: 0,
};

/** The answer as JSON text: the chain spliced in as stored, never parsed and written again. */
export function chainDetailJson(detail: ChainDetail): string {
  const { chain, decisions, cases, ...head } = detail;
  return `${JSON.stringify(head).slice(0, -1)},"chain":${chain},${JSON.stringify({ decisions, cases }).slice(1)}`;
}
