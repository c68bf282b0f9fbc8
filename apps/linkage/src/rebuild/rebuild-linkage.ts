import type { EntityManager } from 'typeorm';
import { applyPersonAction, type PersonAction } from '../cases/apply-person-action.js';
import { peopleToCheck } from '../cases/check-overdue.js';
import type { ChainEvent } from '../chain/person-chain.types.js';
import { foldAndDecide } from '../decide/fold-and-decide.js';
import { foldAndDecideBatch, PersonDecideFailedError } from '../decide/fold-and-decide-batch.js';
import type { LinkageRules } from '../decide/linkage-rules.js';
import type { RuleContext } from '../rules/rule-context.js';
import { redecideSubjects, type DecideDependencies } from '../decide/redecide-subjects.js';
import { CasesRepository } from '../store/cases.repository.js';
import { DecisionsRepository } from '../store/decisions.repository.js';
import { LINKAGE_ACTOR } from '../store/linkage-rows.js';
import { LinkageInboxRepository, type ReceivedEvent } from '../store/linkage-inbox.repository.js';
import { PersonChainsRepository } from '../store/person-chains.repository.js';

const PAGE = 1_000;

/** What a rebuild did. */
export interface RebuildReport {
  readonly events: number;
  readonly people: number;
  readonly overdueChecks: number;
  readonly actionsReapplied: number;
  readonly decisions: number;
  readonly cases: number;
}

interface KeptAction extends PersonAction {
  readonly id: string;
  readonly caseId: string;
  readonly purpose: string;
}

type Step =
  | {
      readonly kind: 'events';
      readonly at: string;
      readonly asOf: string;
      readonly events: Map<string, ChainEvent[]>;
      /** The group's first and last arrival in the inbox. */
      readonly first: number;
      last: number;
    }
  | { readonly kind: 'check'; readonly at: string; readonly asOf: string }
  | { readonly kind: 'action'; readonly at: string; readonly action: KeptAction };

/**
 * Empties the derived tables (chains, decisions, cases, the service's own case actions) and makes
 * them again from `linkage_inbox`, in one transaction under the service's rebuild lock: events in
 * the order they were applied, grouped as they were applied (the events of one commit, decided
 * together as the live service decides a batch), each decided on the day it was; the overdue checks that ran, where they ran; and the actions
 * people took on cases (kept, never deleted), where they took them. Then a last check as of
 * `asOf`. Nothing is published (the outbox is left as it is). Gives the cases and decisions the
 * live service made, whatever order the events arrived in and however often.
 */
export async function rebuildLinkage(tx: EntityManager, rules: LinkageRules, asOf: string): Promise<RebuildReport> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('linkage-rebuild', 0))`);
  // A chain is read with the events replayed so far: the inbox holds every arrival, later ones too.
  let replayedThrough = 0;
  const deps: DecideDependencies = {
    chains: new PersonChainsRepository(() => replayedThrough),
    decisions: new DecisionsRepository(),
    cases: new CasesRepository(),
    events: null,
  };
  const kept = await keptActions(tx);
  const checks = await tx.query<{ as_of: string; ran_at: string }[]>(
    `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, to_json(ran_at) #>> '{}' AS ran_at FROM overdue_checks ORDER BY overdue_checks.ran_at, overdue_checks.id`,
  );
  // People's actions were read above and are written again, with their ids, where they happened.
  await tx.query('DELETE FROM case_actions');
  await tx.query('DELETE FROM cases');
  await tx.query('DELETE FROM decisions');
  await tx.query('DELETE FROM person_chains');

  const people = new Set<string>();
  let events = 0;
  const pending = [
    ...checks.map((c): Step => ({ kind: 'check', at: c.ran_at, asOf: c.as_of })),
    ...kept.map((a): Step => ({ kind: 'action', at: a.at, action: a })),
  ];
  pending.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const run = async (step: Step): Promise<void> => {
    switch (step.kind) {
      case 'events':
        for (const [subject, list] of step.events) {
          people.add(subject);
          events += list.length;
        }
        replayedThrough = step.first - 1;
        await replayCommit(tx, step.events, rules.contextAt(step.asOf), deps);
        replayedThrough = step.last;
        return;
      case 'check': {
        const subjects = await peopleToCheck(tx, step.asOf, deps);
        await redecideSubjects(tx, subjects, rules.contextAt(step.asOf), deps);
        return;
      }
      case 'action':
        await reapply(tx, deps.cases, step.action);
        return;
    }
  };
  for await (const group of inboxGroups(tx)) {
    while (pending.length > 0 && Date.parse((pending[0] as Step).at) < Date.parse(group.at)) await run(pending.shift() as Step);
    await run(group);
  }
  for (const step of pending) await run(step);
  const last = await peopleToCheck(tx, asOf, deps);
  await redecideSubjects(tx, last, rules.contextAt(asOf), deps);
  const [counts] = await tx.query<{ decisions: number; cases: number }[]>(
    'SELECT (SELECT count(*)::int FROM decisions) AS decisions, (SELECT count(*)::int FROM cases) AS cases',
  );
  return {
    events,
    people: people.size,
    overdueChecks: checks.length,
    actionsReapplied: kept.length,
    decisions: counts?.decisions ?? 0,
    cases: counts?.cases ?? 0,
  };
}

/**
 * The actions people took on cases, oldest first (the service's own, actor `linkage` without a
 * caller's agency in their detail, are made again by the replay).
 */
async function keptActions(tx: EntityManager): Promise<KeptAction[]> {
  return tx.query<KeptAction[]>(
    `SELECT id::text, case_id AS "caseId", action, actor, purpose, detail, to_json(at) #>> '{}' AS at
       FROM case_actions WHERE ${PEOPLES_ACTIONS} ORDER BY case_actions.at, case_actions.id`,
    [LINKAGE_ACTOR],
  );
}

/** case_actions rows a person's call made (the cases API records the caller's agency in the detail). */
const PEOPLES_ACTIONS = `(actor <> $1 OR detail ? 'agency')`;

/** A person's action re-applied to its case, and the action row written again with its own id and time. */
async function reapply(tx: EntityManager, cases: CasesRepository, action: KeptAction): Promise<void> {
  const row = await cases.byId(tx, action.caseId);
  if (!row) {
    throw new Error(
      `Rebuild stopped, nothing changed: case ${action.caseId} that ${action.actor} acted on (${action.action} at ${action.at}) is not made again by the replay. ` +
        'The received events or the rules changed since; keep the current tables and look into that case.',
    );
  }
  const changed = applyPersonAction(row, action);
  if (changed !== row) await cases.update(tx, changed);
  await tx.query('INSERT INTO case_actions (id, case_id, action, actor, purpose, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    action.id,
    action.caseId,
    action.action,
    action.actor,
    action.purpose,
    JSON.stringify(action.detail),
    action.at,
  ]);
}

/**
 * One commit of the live service again, as it applied it: the whole batch folded and decided at
 * once, or one person at a time where the rules failed on someone (the live path's fallback).
 */
async function replayCommit(
  tx: EntityManager,
  events: ReadonlyMap<string, ChainEvent[]>,
  context: RuleContext,
  deps: DecideDependencies,
): Promise<void> {
  const subjects = [...events.keys()];
  await deps.chains.lock(tx, subjects);
  const stored = await deps.chains.load(tx, subjects);
  try {
    await foldAndDecideBatch(tx, events, stored, context, deps, () => Promise.resolve());
  } catch (error) {
    if (!(error instanceof PersonDecideFailedError)) throw error;
    for (const subject of subjects.sort()) {
      await foldAndDecide(tx, subject, events.get(subject) ?? [], context, deps, () => Promise.resolve(), stored.get(subject) ?? null);
    }
  }
}

/** The inbox in arrival order, as the live service applied it: the events of one commit together, by person. */
async function* inboxGroups(tx: EntityManager): AsyncGenerator<Extract<Step, { kind: 'events' }>> {
  const inbox = new LinkageInboxRepository();
  let group: Extract<Step, { kind: 'events' }> | undefined;
  let after = 0;
  for (;;) {
    const page: ReceivedEvent[] = await inbox.after(tx, after, PAGE);
    if (page.length === 0) break;
    for (const received of page) {
      const same = group && group.at === received.receivedAt && group.asOf === received.asOf;
      if (!group || !same) {
        if (group) yield group;
        group = {
          kind: 'events',
          at: received.receivedAt,
          asOf: received.asOf,
          events: new Map(),
          first: received.arrival,
          last: received.arrival,
        };
      }
      group.last = received.arrival;
      const { subject } = received.event;
      group.events.set(subject, [...(group.events.get(subject) ?? []), received.event]);
      after = received.arrival;
    }
  }
  if (group) yield group;
}
