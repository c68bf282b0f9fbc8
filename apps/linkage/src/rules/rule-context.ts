import type { Labels } from '../calendar/working-calendar.types.js';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-calendar.js';
import type { AverageWageTable } from './average-wages.data.js';
import type { CaseToOpen } from './decision.types.js';
import type { RuleBook } from './rule-book.data.js';

/** Everything a rule needs besides the chain; no clock, no I/O, so the same inputs give the same decisions. */
export interface RuleContext {
  /** The day the rules look from (overdue means after this day's due date). */
  readonly asOf: string;
  readonly calendar: WorkingCalendar;
  readonly rules: RuleBook;
  readonly wages: AverageWageTable;
}

/** The province-level code of a GB/T 2260 region (310115 → 310000). */
export function provinceOf(region: string): string {
  return `${region.slice(0, 2)}0000`;
}

/** The agency id of a kind of agency in a region's province, e.g. psb + 310115 → psb-310000. */
export function provincialAgency(kind: 'psb' | 'bureau', region: string): string {
  return `${kind}-${provinceOf(region)}`;
}

/** A case with its due date counted in working days on the official calendar. */
export function openCase(
  context: RuleContext,
  spec: { agency: string; kind: string; label: Labels; openedOn: string; dueInWorkingDays: number },
): CaseToOpen {
  const due = addWorkingDays(spec.openedOn, spec.dueInWorkingDays, context.calendar);
  return { ...spec, due: due.ok ? { date: due.value } : { cannotDecide: due.message } };
}

/** Event ids, once each, sorted, so a decision reads the same however its inputs were gathered. */
export function eventIds(...groups: ReadonlyArray<readonly string[] | string | undefined>): string[] {
  const ids = new Set<string>();
  for (const group of groups) {
    if (typeof group === 'string') ids.add(group);
    else group?.forEach((id) => ids.add(id));
  }
  return [...ids].sort();
}

/** Yuan with two decimals from fen, for explanations. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
