import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { INBOUND_HEADERS, validateEvent } from '@hub/contracts';
import { parseInboundRecord, SubscriptionSequencesRepository } from '@hub/agency-kit';
import { recordDeadLetters, type KafkaBatchMessage } from '@hub/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { applyPersonAction } from '../cases/apply-person-action.js';
import { checkOverdue } from '../cases/check-overdue.js';
import { LinkageRules } from '../decide/linkage-rules.js';
import { type DecideDependencies } from '../decide/redecide-subjects.js';
import { applyLinkageBatch, type LinkageBatchOutcome } from '../ingest/apply-linkage-batch.js';
import { readChainEvent } from '../ingest/read-chain-event.js';
import { transactionRetried, type RetryTransactionOptions } from '../ingest/retry-transaction.js';
import { LinkageEventWriter } from '../publish/linkage-event-writer.js';
import { rebuildLinkage, type RebuildReport } from '../rebuild/rebuild-linkage.js';
import { CasesRepository } from '../store/cases.repository.js';
import { DecisionsRepository } from '../store/decisions.repository.js';
import { LinkageInboxRepository } from '../store/linkage-inbox.repository.js';
import { LinkageOutboxRepository } from '../store/linkage-outbox.repository.js';
import { PersonChainsRepository } from '../store/person-chains.repository.js';

export const SPEC_TOPIC = 'agency.linkage.inbound';

/**
 * The linkage pipeline on a migrated database without Kafka: events delivered as the hub writes
 * them (the event, the delivery headers) through the same transaction the consumer runs, the overdue
 * check and the rebuild, each on a day the spec names. Linkage events are signed with a key made here.
 */
export class LinkagePipeline {
  readonly subscriptionId = randomUUID();
  readonly signingKey = generateKeyPairSync('ed25519');
  private sequence = 0;
  private offset = 0;
  readonly deps: DecideDependencies;

  constructor(
    readonly db: DataSource,
    readonly rules = new LinkageRules(),
  ) {
    this.deps = {
      chains: new PersonChainsRepository(),
      decisions: new DecisionsRepository(),
      cases: new CasesRepository(),
      events: new LinkageEventWriter(new LinkageOutboxRepository(), {
        alg: 'ed25519',
        keyId: 'linkage-spec',
        privateKey: this.signingKey.privateKey,
      }),
    };
  }

  /**
   * Delivers events (objects, or raw record values) in one batch of one partition, decided on `asOf`,
   * in a transaction run again on a deadlock as the consumer runs it (transactionRetried); `chains`
   * stands in for the chains' store (a spec pausing a batch at a lock).
   */
  async deliver(
    asOf: string,
    events: readonly (object | string)[],
    options: { retry?: RetryTransactionOptions; chains?: PersonChainsRepository } = {},
  ): Promise<LinkageBatchOutcome> {
    const messages = events.map((event) => this.message(event));
    const parsed = messages.map((message) => parseInboundRecord(message, readChainEvent, { recorder: 'the linkage service' }));
    return transactionRetried(
      this.db,
      (tx) =>
        applyLinkageBatch(tx, { topic: SPEC_TOPIC, partition: 0 }, parsed, {
          ...this.deps,
          ...(options.chains ? { chains: options.chains } : {}),
          inbox: new LinkageInboxRepository(),
          sequences: new SubscriptionSequencesRepository(),
          recordDeadLetters,
          context: this.rules.contextAt(asOf),
          now: new Date(),
        }),
      options.retry,
    );
  }

  /** Delivers each event in its own batch, in the order given. */
  async deliverEach(asOf: string, events: readonly object[]): Promise<void> {
    for (const event of events) await this.deliver(asOf, [event]);
  }

  async checkOverdue(asOf: string): Promise<number> {
    const result = await checkOverdue(
      <T>(work: (tx: EntityManager) => Promise<T>) => this.db.transaction(work),
      this.rules.contextAt(asOf),
      this.deps,
    );
    return result.people;
  }

  rebuild(asOf: string): Promise<RebuildReport> {
    return this.db.transaction((tx) => rebuildLinkage(tx, this.rules, asOf));
  }

  /**
   * A person's action on a case as the cases API records it (actor the caller's name, its agency in
   * the detail), the case changed by applyPersonAction.
   */
  async act(
    caseId: string,
    action: 'claimed' | 'released' | 'resolved',
    caller: { agency: string; name: string },
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const cases = new CasesRepository();
      const row = await cases.byId(tx, caseId);
      if (!row) throw new Error(`no case ${caseId}`);
      const at = new Date().toISOString();
      const kept = { agency: caller.agency, ...detail };
      await cases.update(tx, applyPersonAction(row, { action, actor: caller.name, detail: kept, at }));
      await cases.addActions(tx, [{ caseId, action, actor: caller.name, purpose: 'residence-review', detail: kept, at }]);
    });
  }

  /** Cases of a person (all columns but the times the database stamps), by case key. */
  async casesOf(subject: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT id, case_key, decision_key, subject, rule_id, rule_version, kind, label, owner_agency, province, state,
              to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(due_date, 'YYYY-MM-DD') AS due_date, due_cannot_decide, caused_by,
              claimed_by, claimed_at, resolved_at, resolved_by, resolution_outcome, resolution_note, to_char(overdue_since, 'YYYY-MM-DD') AS overdue_since
         FROM cases WHERE subject = $1 ORDER BY case_key`,
      [subject],
    );
  }

  async decisionsOf(subject: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, findings, notify, digest,
              to_char(decided_on, 'YYYY-MM-DD') AS decided_on
         FROM decisions WHERE subject = $1 ORDER BY key`,
      [subject],
    );
  }

  /**
   * The signed events in the outbox about a person, oldest first; each is checked against its
   * contract first (as the hub will check it), so a spec fails on an event the hub would refuse.
   */
  async outboxOf(subject: string): Promise<Record<string, unknown>[]> {
    const rows = await this.db.query<{ event: Record<string, unknown> }[]>(
      'SELECT event FROM linkage_outbox WHERE subject = $1 ORDER BY id',
      [subject],
    );
    for (const { event } of rows) validateEvent(withoutSignature(event));
    return rows.map((row) => row.event);
  }

  /** The actions on a person's cases, oldest first (action, actor, purpose, detail). */
  async actionsOf(subject: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT a.action, a.actor, a.purpose, a.detail, c.kind FROM case_actions a JOIN cases c ON c.id = a.case_id
        WHERE c.subject = $1 ORDER BY a.id`,
      [subject],
    );
  }

  private message(event: object | string): KafkaBatchMessage {
    this.sequence += 1;
    this.offset += 1;
    const id = typeof event === 'string' ? randomUUID() : String((event as { id?: unknown }).id);
    return {
      key: typeof event === 'string' ? null : String((event as { subject?: unknown }).subject),
      value: Buffer.from(typeof event === 'string' ? event : JSON.stringify(event)),
      headers: { ce_id: id, [INBOUND_HEADERS.subscriptionId]: this.subscriptionId, [INBOUND_HEADERS.sequence]: String(this.sequence) },
      offset: String(this.offset),
      timestamp: String(Date.now()),
    };
  }
}

/** An event as its contract describes it: the signature is the envelope's, checked by the hub apart. */
export function withoutSignature(event: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([name]) => name !== 'signature'));
}
