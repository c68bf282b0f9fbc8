import type { CaseRow } from '../store/linkage-rows.js';

/** A person's action on a case as `case_actions` keeps it (actor is the caller, e.g. `psb-310000/exit-entry-desk`). */
export interface PersonAction {
  readonly action: string;
  readonly actor: string;
  /** For `resolved`: `{ outcome, note? }` (outcome a code of linkage-case-resolution). */
  readonly detail: Readonly<Record<string, unknown>>;
  /** ISO 8601. */
  readonly at: string;
}

/**
 * A case after a person's action: `claimed` sets who claimed it and when (an open case becomes
 * claimed; an overdue one stays overdue), `resolved` resolves it with the outcome and note in its
 * detail, `reopened` opens it again; `viewed` changes nothing. The cases API changes cases through
 * this, and a rebuild re-applies the kept actions through it, so both end alike.
 */
export function applyPersonAction(row: CaseRow, action: PersonAction): CaseRow {
  const at = new Date(action.at).toISOString();
  switch (action.action) {
    case 'claimed':
      return { ...row, state: row.state === 'open' ? 'claimed' : row.state, claimedBy: action.actor, claimedAt: at };
    case 'resolved': {
      const outcome = action.detail['outcome'];
      const note = action.detail['note'];
      return {
        ...row,
        state: 'resolved',
        resolvedAt: at,
        resolvedBy: action.actor,
        resolutionOutcome: typeof outcome === 'string' ? outcome : 'no-action-needed',
        resolutionNote: typeof note === 'string' ? note : null,
      };
    }
    case 'reopened':
      return { ...row, state: 'open', resolvedAt: null, resolvedBy: null, resolutionOutcome: null, resolutionNote: null };
    default:
      return row;
  }
}
