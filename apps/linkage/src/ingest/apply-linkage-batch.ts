import { isRefusedByDatabase, type ReceivedSequence, type SubscriptionSequencesRepository } from '@hub/agency-kit';
import type { DeadLetterEntry, KafkaBatch } from '@hub/messaging';
import type { EntityManager } from 'typeorm';
import type { ChainEvent } from '../chain/person-chain.types.js';
import { foldAndDecide } from '../decide/fold-and-decide.js';
import { foldAndDecideBatch, PersonDecideFailedError } from '../decide/fold-and-decide-batch.js';
import { add, NOTHING_DECIDED, type DecideDependencies, type DecideOutcome } from '../decide/redecide-subjects.js';
import type { RuleContext } from '../rules/rule-context.js';
import type { LinkageInboxRepository } from '../store/linkage-inbox.repository.js';
import type { StoredChain } from '../store/person-chains.repository.js';
import { deadLetterOf, LINKAGE_DEAD_LETTER_CODES, type LinkageRecord } from './linkage-dead-letters.js';

type EventRecord = Extract<LinkageRecord, { kind: 'event' }>;

/** What a batch did. */
export interface LinkageBatchOutcome {
  readonly applied: number;
  readonly duplicates: number;
  readonly ignored: number;
  readonly subjects: number;
  readonly decided: DecideOutcome;
  readonly deadLettered: readonly DeadLetterEntry[];
}

/** What applying a batch needs, passed in so specs can give their own clock and stores. */
export interface ApplyLinkageBatchDependencies extends DecideDependencies {
  readonly inbox: LinkageInboxRepository;
  readonly sequences: Pick<SubscriptionSequencesRepository, 'record'>;
  readonly recordDeadLetters: (tx: EntityManager, entries: readonly DeadLetterEntry[]) => Promise<void>;
  /** The rules' context on the day the batch is decided on (today in Asia/Shanghai). */
  readonly context: RuleContext;
  readonly now: Date;
}

/**
 * Applies parsed records in the caller's transaction, one person at a time in subject order: each
 * event not in the inbox yet is folded into the person's chain (an unknown person starts one) and
 * recorded in the inbox; the person and the family members linked to them are decided again
 * (redecideSubjects). Duplicates change nothing; late and out-of-order events fold into the same
 * chain as if in time, and re-decide what they touch. Poison records, events the chain cannot fold
 * and events the rules fail on are dead-lettered (the person left as they were), never stalling
 * the partition. The sequence numbers of every delivery are recorded (the caller settles them after the commit).
 */
export async function applyLinkageBatch(
  tx: EntityManager,
  batch: Pick<KafkaBatch, 'topic' | 'partition'>,
  records: readonly LinkageRecord[],
  deps: ApplyLinkageBatchDependencies,
): Promise<LinkageBatchOutcome> {
  const dead: DeadLetterEntry[] = records.flatMap((record) =>
    record.kind === 'invalid' ? [deadLetterOf(batch, record.message, record.code, record.reason)] : [],
  );
  const events = uniqueById(records.filter((record): record is EventRecord => record.kind === 'event'));
  const bySubject = groupBySubject(events);
  await deps.chains.lockAhead(tx, [...bySubject.keys()], permitsNamedBy(events.map((record) => record.event)));
  // Every chain of the batch read once, under the locks: a person's chain changes only where the person is folded.
  const chains = await deps.chains.load(tx, [...bySubject.keys()]);
  const known = await deps.inbox.known(
    tx,
    events.map((record) => record.event.id),
  );
  const unknown = new Map<string, EventRecord[]>();
  let fresh = 0;
  for (const [subject, all] of [...bySubject].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const news = all.filter((record) => !known.has(record.event.id));
    fresh += news.length;
    if (news.length > 0) unknown.set(subject, news);
  }
  const result = await applyToPeople(tx, unknown, batch, deps, chains);
  dead.push(...result.dead);
  const { applied, decided } = result;
  await deps.recordDeadLetters(tx, dead);
  await deps.sequences.record(tx, receivedSequences(records));
  return {
    applied,
    duplicates: records.filter((record) => record.kind === 'event').length - fresh,
    ignored: records.filter((record) => record.kind === 'ignored').length,
    subjects: bySubject.size,
    decided,
    deadLettered: dead,
  };
}

/**
 * Folds and decides every person of the batch at once (foldAndDecideBatch); when the rules fail on
 * someone, nothing is written yet and the batch goes one person at a time instead (applyToPerson),
 * so that person's events are parked and the others commit.
 */
async function applyToPeople(
  tx: EntityManager,
  unknown: ReadonlyMap<string, readonly EventRecord[]>,
  batch: Pick<KafkaBatch, 'topic' | 'partition'>,
  deps: ApplyLinkageBatchDependencies,
  chains: ReadonlyMap<string, StoredChain>,
): Promise<{ applied: number; dead: DeadLetterEntry[]; decided: DecideOutcome }> {
  const records = new Map([...unknown.values()].flat().map((record) => [record.event.id, record]));
  const messageOf = (event: ChainEvent): EventRecord => records.get(event.id) as EventRecord;
  try {
    const events = new Map([...unknown].map(([subject, list]) => [subject, list.map((record) => record.event)]));
    const result = await foldAndDecideBatch(tx, events, chains, deps.context, deps, (folded) =>
      deps.inbox.admit(
        tx,
        folded.map((event) => ({ event, delivery: messageOf(event).delivery, asOf: deps.context.asOf })),
      ),
    );
    const folds = [...result.folds.values()];
    const dead = folds.flatMap((fold) =>
      fold.refused.map(({ event, error }) =>
        deadLetterOf(batch, messageOf(event).message, LINKAGE_DEAD_LETTER_CODES.chainFoldFailed, foldFailure(event, error)),
      ),
    );
    return { applied: folds.reduce((sum, fold) => sum + fold.folded.length, 0), dead, decided: result.decided };
  } catch (error) {
    if (!(error instanceof PersonDecideFailedError)) throw error;
  }
  let decided = NOTHING_DECIDED;
  let applied = 0;
  const dead: DeadLetterEntry[] = [];
  for (const [subject, news] of unknown) {
    const result = await applyToPerson(tx, subject, news, batch, deps, chains.get(subject) ?? null);
    dead.push(...result.dead);
    applied += result.applied;
    decided = add(decided, result.decided);
  }
  return { applied, dead, decided };
}

async function applyToPerson(
  tx: EntityManager,
  subject: string,
  fresh: readonly EventRecord[],
  batch: Pick<KafkaBatch, 'topic' | 'partition'>,
  deps: ApplyLinkageBatchDependencies,
  stored: StoredChain | null,
): Promise<{ applied: number; dead: DeadLetterEntry[]; decided: DecideOutcome }> {
  const records = new Map(fresh.map((record) => [record.event.id, record]));
  const messageOf = (event: ChainEvent): EventRecord => records.get(event.id) as EventRecord;
  await tx.query('SAVEPOINT linkage_person');
  try {
    const result = await foldAndDecide(
      tx,
      subject,
      fresh.map((record) => record.event),
      deps.context,
      deps,
      (folded) =>
        deps.inbox.admit(
          tx,
          folded.map((event) => ({ event, delivery: messageOf(event).delivery, asOf: deps.context.asOf })),
        ),
      stored,
    );
    await tx.query('RELEASE SAVEPOINT linkage_person');
    const dead = result.refused.map(({ event, error }) =>
      deadLetterOf(batch, messageOf(event).message, LINKAGE_DEAD_LETTER_CODES.chainFoldFailed, foldFailure(event, error)),
    );
    return { applied: result.folded.length, dead, decided: result.decided };
  } catch (error) {
    if (isRefusedByDatabase(error) || isDatabaseFailure(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT linkage_person');
    const reason = `the linkage rules failed on ${subject}'s chain with this event, which is parked and the chain left as it was: ${(error as Error).message}`;
    const dead = fresh.map((record) => deadLetterOf(batch, record.message, LINKAGE_DEAD_LETTER_CODES.ruleEvaluationFailed, reason));
    return { applied: 0, dead, decided: NOTHING_DECIDED };
  }
}

/** A failure of PostgreSQL itself (it has a SQLSTATE), which retrying the batch may cure; anything else is the rules'. */
function isDatabaseFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

function foldFailure(event: ChainEvent, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return `the event cannot be added to ${event.subject}'s chain${typeof code === 'string' ? ` (${code})` : ''}: ${(error as Error).message}`;
}

/** The residence permits events name: a person's own (residence-permit.*), and a principal's (family links). */
export function permitsNamedBy(events: readonly ChainEvent[]): { residencePermits: string[]; principalPermits: string[] } {
  const residencePermits = new Set<string>();
  const principalPermits = new Set<string>();
  for (const event of events) {
    if (!event.type.startsWith('residence-permit.')) continue;
    const data = event.data as { permitNo?: unknown; principal?: { residencePermitNo?: unknown } };
    if (typeof data.permitNo === 'string') residencePermits.add(data.permitNo);
    if (typeof data.principal?.residencePermitNo === 'string') principalPermits.add(data.principal.residencePermitNo);
  }
  return { residencePermits: [...residencePermits], principalPermits: [...principalPermits] };
}

function uniqueById(records: readonly EventRecord[]): EventRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => !seen.has(record.event.id) && seen.add(record.event.id));
}

function groupBySubject(records: readonly EventRecord[]): Map<string, EventRecord[]> {
  const groups = new Map<string, EventRecord[]>();
  for (const record of records) groups.set(record.event.subject, [...(groups.get(record.event.subject) ?? []), record]);
  return groups;
}

export function receivedSequences(records: readonly LinkageRecord[]): ReceivedSequence[] {
  return records.flatMap(({ delivery }) =>
    delivery && delivery.sequence !== null
      ? [{ subscriptionId: delivery.subscriptionId, sequence: delivery.sequence, replayed: delivery.replayId !== null }]
      : [],
  );
}
